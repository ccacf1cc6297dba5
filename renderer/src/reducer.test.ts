import { describe, expect, it } from 'vitest';
import type { GatewayStatus, ProfileView, Snapshot } from '../../electron/contract/contract.ts';
import { LOG_LINES_KEPT, applyEvent, applySnapshot, initialViewState } from './reducer.ts';

const profile = (name: string) => ({ name, effectivePort: 40000 }) as ProfileView;
const status = (name: string, state: GatewayStatus['state']) => ({ profile: name, state }) as GatewayStatus;

describe('store reducer', () => {
  const loaded = applySnapshot(initialViewState, {
    profiles: [profile('beta')],
    gateways: [status('beta', 'stopped')],
    findings: [],
    listeners: [],
    settings: null,
    environment: null,
  } as unknown as Snapshot);

  it('loads a snapshot', () => {
    expect(loaded.loaded).toBe(true);
    expect(loaded.gateways.beta?.state).toBe('stopped');
    expect(loaded.appLog).toBeNull();
  });

  it("defect 13: keeps the app log's file for Settings when the app's snapshot names it", () => {
    const app = applySnapshot(initialViewState, {
      profiles: [],
      gateways: [],
      findings: [],
      listeners: [],
      settings: null,
      environment: null,
      appLog: '/home/u/.config/lobsterpot/app.log',
    } as unknown as Snapshot);
    expect(app.appLog).toBe('/home/u/.config/lobsterpot/app.log');
  });

  it('adds, replaces and removes profiles, keeping them sorted with the default first', () => {
    let state = applyEvent(loaded, { type: 'profile-changed', profile: profile('alpha') });
    state = applyEvent(state, { type: 'profile-changed', profile: profile('default') });
    expect(state.profiles.map((p) => p.name)).toEqual(['default', 'alpha', 'beta']);
    state = applyEvent(state, { type: 'profile-changed', profile: { ...profile('alpha'), effectivePort: 41000 } });
    expect(state.profiles[1]?.effectivePort).toBe(41000);
    state = applyEvent(state, { type: 'profile-removed', name: 'beta' });
    expect(state.profiles.map((p) => p.name)).toEqual(['default', 'alpha']);
    expect(state.gateways.beta).toBeUndefined();
  });

  it('applies gateway states without touching the rest, and never mutates', () => {
    const next = applyEvent(loaded, { type: 'gateway-state', status: status('beta', 'ready') });
    expect(next.gateways.beta?.state).toBe('ready');
    expect(loaded.gateways.beta?.state).toBe('stopped');
    expect(next.profiles).toBe(loaded.profiles);
  });

  it('keeps a bounded log tail per profile', () => {
    let state = loaded;
    for (let i = 0; i < 3; i++)
      state = applyEvent(state, {
        type: 'log-lines',
        name: 'beta',
        lines: Array.from({ length: 600 }, (_, j) => `${i}:${j}`),
      });
    expect(state.logs.beta).toHaveLength(LOG_LINES_KEPT);
    expect(state.logs.beta?.at(-1)).toBe('2:599');
  });

  it('keeps the last five warnings', () => {
    let state = loaded;
    for (let i = 0; i < 7; i++) state = applyEvent(state, { type: 'warning', message: `w${i}` });
    expect(state.warnings).toEqual(['w2', 'w3', 'w4', 'w5', 'w6']);
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
