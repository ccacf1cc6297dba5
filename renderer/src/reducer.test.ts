import { describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../../electron/contract/contract.ts';
import { LOG_LINES_KEPT, THIS_HOST, applyEvent, applySnapshot, hereOf, initialViewState, keepLogs } from './reducer.ts';
import { gatewayStatus, hostView, profileView, snapshot } from '../../electron/contract/fixtures.ts';

const profile = (name: string) => profileView(name, 40000);
const status = (name: string, state: GatewayStatus['state']) => gatewayStatus(name, 40000, { state });

describe('store reducer', () => {
  const loaded = applySnapshot(
    initialViewState,
    snapshot({ profiles: [profile('beta')], gateways: [status('beta', 'stopped')] }),
  );

  it('loads a snapshot', () => {
    expect(loaded.loaded).toBe(true);
    expect(hereOf(loaded).gateways.beta?.state).toBe('stopped');
    expect(loaded.appLog).toBeNull();
  });

  it("defect 13: keeps the app log's file for Settings when the app's snapshot names it", () => {
    const app = applySnapshot(initialViewState, snapshot({ appLog: '/home/u/.config/lobsterpot/app.log' }));
    expect(app.appLog).toBe('/home/u/.config/lobsterpot/app.log');
  });

  it('adds, replaces and removes profiles, keeping them sorted with the default first', () => {
    let state = applyEvent(loaded, { type: 'profile-changed', profile: profile('alpha') });
    state = applyEvent(state, { type: 'profile-changed', profile: profile('default') });
    expect(hereOf(state).profiles.map((p) => p.name)).toEqual(['default', 'alpha', 'beta']);
    state = applyEvent(state, { type: 'profile-changed', profile: { ...profile('alpha'), effectivePort: 41000 } });
    expect(hereOf(state).profiles[1]?.effectivePort).toBe(41000);
    state = applyEvent(state, { type: 'profile-removed', name: 'beta' });
    expect(hereOf(state).profiles.map((p) => p.name)).toEqual(['default', 'alpha']);
    expect(hereOf(state).gateways.beta).toBeUndefined();
  });

  it('applies gateway states without touching the rest, and never mutates', () => {
    const next = applyEvent(loaded, { type: 'gateway-state', status: status('beta', 'ready') });
    expect(hereOf(next).gateways.beta?.state).toBe('ready');
    expect(hereOf(loaded).gateways.beta?.state).toBe('stopped');
    expect(hereOf(next).profiles).toBe(hereOf(loaded).profiles);
  });

  it('keeps a bounded log tail per profile', () => {
    let state = loaded;
    for (let i = 0; i < 3; i++)
      state = applyEvent(state, {
        type: 'log-lines',
        name: 'beta',
        lines: Array.from({ length: 600 }, (_, j) => `${i}:${j}`),
      });
    expect(hereOf(state).logs.beta).toHaveLength(LOG_LINES_KEPT);
    expect(hereOf(state).logs.beta?.at(-1)).toBe('2:599');
  });

  it('keeps the last five warnings', () => {
    let state = loaded;
    for (let i = 0; i < 7; i++) state = applyEvent(state, { type: 'warning', message: `w${i}` });
    expect(state.warnings).toEqual(['w2', 'w3', 'w4', 'w5', 'w6']);
  });
});

describe('every host in one shape', () => {
  const lab = (live: boolean) =>
    hostView({
      name: 'lab',
      remote: {
        profiles: [profile('gamma')],
        gateways: [
          { ...status('gamma', 'ready'), listeners: [{ port: 40000, pid: 7, command: 'node', profile: 'gamma' }] },
        ],
        findings: [],
        ephemeralRange: null,
        seenAt: 5,
        live,
      },
    });

  it("keeps this host as one more fleet, always live, and another host's report as its fleet beside its link", () => {
    expect(Object.keys(initialViewState.fleets)).toEqual([THIS_HOST]);
    const state = applyEvent(initialViewState, { type: 'host-changed', host: lab(true) });
    expect(hereOf(state).live).toBe(true);
    expect(state.fleets.lab).toMatchObject({ live: true, seenAt: 5, profiles: [profile('gamma')] });
    expect(state.fleets.lab?.gateways.gamma?.state).toBe('ready');
    expect(state.fleets.lab?.listeners.map((l) => l.port)).toEqual([40000]);
    expect(state.hosts.lab).not.toHaveProperty('remote');
    expect(state.hosts.lab?.destination).toBe('ops@box');
  });

  it("keeps another host's log tail across its reports, and forgets it with the host", () => {
    let state = applyEvent(initialViewState, { type: 'host-changed', host: lab(true) });
    state = keepLogs(state, 'lab', 'gamma', ['a', 'b']);
    state = applyEvent(state, { type: 'host-changed', host: lab(false) });
    expect(state.fleets.lab).toMatchObject({ live: false, logs: { gamma: ['a', 'b'] } });
    // This host's events never touch another host's fleet.
    state = applyEvent(state, { type: 'log-lines', name: 'gamma', lines: ['here'] });
    expect(state.fleets.lab?.logs.gamma).toEqual(['a', 'b']);
    expect(hereOf(state).logs.gamma).toEqual(['here']);
    state = applyEvent(state, { type: 'host-removed', name: 'lab' });
    expect(state.fleets.lab).toBeUndefined();
    expect(state.hosts.lab).toBeUndefined();
    expect(keepLogs(state, 'lab', 'gamma', ['x'])).toBe(state);
  });

  it('a host that has not reported yet has a link and no fleet', () => {
    const state = applyEvent(initialViewState, { type: 'host-changed', host: hostView({ name: 'lab' }) });
    expect(state.hosts.lab?.state).toBe('connected');
    expect(state.fleets.lab).toBeUndefined();
  });
});

describe('create progress', () => {
  it("follows a create's steps and forgets it once done or cancelled", () => {
    let state = applyEvent(initialViewState, { type: 'create-progress', name: 'new', step: 'onboarding', at: 5 });
    expect(state.creating).toEqual({ new: { step: 'onboarding', at: 5 } });
    state = applyEvent(state, { type: 'create-progress', name: 'new', step: 'cancelled', at: 6 });
    expect(state.creating).toEqual({});
  });
});
