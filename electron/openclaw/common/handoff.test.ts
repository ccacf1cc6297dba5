import { describe, expect, it } from 'vitest';
import { handoffText, parseCapabilities, parseConsume } from './handoff.ts';

// What the real CLI printed (2026-12-07, Linux x64, Node 24.21).
const CAPABILITIES_2026_9_6 = {
  ok: true,
  protocol: 'openclaw.gateway.restart-handoff',
  protocolVersion: 1,
  operations: ['consume'],
};
/** 2026.4.27 has no hand-off: `gateway restart-handoff capabilities --json` → stderr `error: unknown option '--json'`, exit 1. */
const CAPABILITIES_2026_4_27 = { code: 1, json: null, timedOut: false };
const ACCEPTED = {
  ok: true,
  protocol: 'openclaw.gateway.restart-handoff',
  protocolVersion: 1,
  status: 'accepted',
  handoff: {
    kind: 'gateway-supervisor-restart-handoff',
    version: 1,
    intentId: '0cbce4da-620a-4050-afd7-d81bf49e73f2',
    pid: 32046,
    processInstanceId: '11c6c280-1b66-4e88-9ec4-7ea71661af82',
    createdAt: 1796608793783,
    expiresAt: 1796608853783,
    reason: 'config reload: gateway.port',
    source: 'config-write',
    restartKind: 'full-process',
    supervisorMode: 'external',
  },
};
const EXPIRED = {
  ok: true,
  protocol: 'openclaw.gateway.restart-handoff',
  protocolVersion: 1,
  status: 'rejected',
  reason: 'expired',
  handoffPid: 17686,
};
const MISSING = {
  ok: true,
  protocol: 'openclaw.gateway.restart-handoff',
  protocolVersion: 1,
  status: 'none',
  reason: 'missing',
};

describe('restart hand-off', () => {
  it('is supported where the runtime answers protocol 1 with consume (2026.9.6)', () => {
    expect(parseCapabilities({ code: 0, json: CAPABILITIES_2026_9_6, timedOut: false }, 5)).toEqual({
      supported: true,
      protocolVersion: 1,
      checkedAt: 5,
      why: null,
    });
  });

  it('is not supported where the command is unknown (2026.4.27), another protocol answers, or the probe timed out', () => {
    expect(parseCapabilities(CAPABILITIES_2026_4_27, 5)).toMatchObject({ supported: false, why: /exit 1/ });
    const v2 = { ...CAPABILITIES_2026_9_6, protocolVersion: 2 };
    expect(parseCapabilities({ code: 0, json: v2, timedOut: false }, 5)).toMatchObject({ supported: false });
    const noConsume = { ...CAPABILITIES_2026_9_6, operations: [] };
    expect(parseCapabilities({ code: 0, json: noConsume, timedOut: false }, 5)).toMatchObject({ supported: false });
    expect(parseCapabilities({ code: null, json: null, timedOut: true }, 5)).toMatchObject({ why: /timed out/ });
  });

  it('authorizes a restart only for an accepted hand-off', () => {
    expect(parseConsume(ACCEPTED)).toEqual({
      reason: 'config reload: gateway.port',
      source: 'config-write',
      restartKind: 'full-process',
    });
    expect(parseConsume(EXPIRED)).toBeNull();
    expect(parseConsume(MISSING)).toBeNull();
    expect(parseConsume({ ok: true, status: 'rejected', reason: 'pid-mismatch', handoffPid: 9 })).toBeNull();
    expect(parseConsume(null)).toBeNull();
  });

  it('says the cause in words', () => {
    expect(
      handoffText({ reason: 'config reload: gateway.port', source: 'config-write', restartKind: 'full-process' }),
    ).toBe('OpenClaw asked for a restart (a config change: config reload: gateway.port)');
    expect(handoffText({ reason: 'gateway.restart', source: 'operator-restart', restartKind: 'full-process' })).toBe(
      'OpenClaw asked for a restart (openclaw gateway restart: gateway.restart)',
    );
  });
});
