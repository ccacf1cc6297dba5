import { describe, expect, it } from 'vitest';
import { activeWorkOf } from './probes.ts';

describe('activeWorkOf', () => {
  it("does not count Lobsterpot's own probes as active work (an idle stop warned of work)", () => {
    // What OpenClaw 2026.9.6 answered to gateway.restart.preflight on an idle gateway Lobsterpot had just started.
    const idle = {
      safe: false,
      counts: { rootRequests: 2, totalActive: 2 },
      blockers: [
        {
          kind: 'root-request',
          count: 3,
          message: '3 active gateway request(s): startup:sidecars.control-ui-assets, ws:system.info (2)',
        },
      ],
      summary: 'restart deferred: 2 active gateway request(s): startup:sidecars.control-ui-assets, ws:system.info',
    };
    expect(activeWorkOf(idle)).toBeNull();
  });

  it('does not count the post-ready maintenance and cron start as active work (an idle gateway just started read as busy)', () => {
    // What 2026.9.6 answered, measured, on a gateway Lobsterpot had just started (tests/integration/drain.test.ts).
    const justReady = {
      safe: false,
      counts: { rootRequests: 1, totalActive: 1 },
      blockers: [{ kind: 'root-request', count: 1, message: '1 active gateway request(s): runtime:cron-start' }],
    };
    expect(activeWorkOf(justReady)).toBeNull();
    const maintenance = {
      ...justReady,
      blockers: [{ kind: 'root-request', count: 1, message: '1 active gateway request(s): runtime:maintenance' }],
    };
    expect(activeWorkOf(maintenance)).toBeNull();
    const held = {
      ...justReady,
      blockers: [{ kind: 'root-request', count: 1, message: '1 active gateway request(s): ws:agent.wait' }],
    };
    expect(activeWorkOf(held)).toBe('1 active gateway request(s): ws:agent.wait');
  });

  it('reports the work that is not ours', () => {
    expect(
      activeWorkOf({
        safe: false,
        blockers: [
          {
            kind: 'root-request',
            count: 3,
            message: '3 active gateway request(s): ws:chat.send, ws:system.info, +1 more',
          },
          { kind: 'embedded-run', count: 1, message: '1 active embedded run(s)' },
        ],
      }),
    ).toBe('2 active gateway request(s): ws:chat.send, +1 more; 1 active embedded run(s)');
    expect(activeWorkOf({ safe: false, counts: { totalActive: 2 }, summary: 'restart deferred' })).toBe(
      'restart deferred',
    );
    expect(activeWorkOf({ safe: true })).toBeNull();
    expect(activeWorkOf(null)).toBeNull();
  });
});
