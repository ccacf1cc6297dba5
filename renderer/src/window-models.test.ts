import { describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../../electron/contract/contract.ts';
import { gatewayStatus } from '../../electron/contract/fixtures.ts';
import { nextFocusIndex } from './focus-trap.ts';
import { formatBytes, middleEllipsis, phaseText, resourcesNote, stateLabel } from './format.ts';
import { announce, seenIn } from './notify-model.ts';
import { answered, isPending, noResults, requested, resultOf } from './profile-results.ts';

describe('window models', () => {
  it('browser status results can show under another profile: a late answer stays under the profile that asked', () => {
    // Ask for alpha's browser status, switch to beta and ask there too; alpha's slow answer arrives last.
    let results = requested(noResults<string>(), 'alpha');
    results = requested(results, 'beta');
    results = answered(results, 'beta', { ok: true, value: 'beta browser' });
    results = answered(results, 'alpha', { ok: true, value: 'alpha browser' });
    expect(resultOf(results, 'beta')).toEqual({ ok: true, value: 'beta browser' });
    expect(resultOf(results, 'alpha')).toEqual({ ok: true, value: 'alpha browser' });
    expect(resultOf(results, 'gamma')).toBeNull();
    expect(isPending(requested(results, 'alpha'), 'alpha')).toBe(true);
    expect(resultOf(requested(results, 'alpha'), 'alpha')).toBeNull();
  });

  it('dialogs trap focus: Tab and Shift+Tab wrap at the ends and never leave the dialog', () => {
    expect(nextFocusIndex(3, 2, false)).toBe(0);
    expect(nextFocusIndex(3, 0, true)).toBe(2);
    expect(nextFocusIndex(3, 1, false)).toBe(2);
    expect(nextFocusIndex(3, -1, false)).toBe(0);
    expect(nextFocusIndex(3, -1, true)).toBe(2);
    expect(nextFocusIndex(0, -1, false)).toBeNull();
  });

  it('long workspace paths are cut: the middle gives way, the start and the end stay', () => {
    const path = '/home/someone/projects/clients/acme/openclaw/workspaces/rescue-bot/workspace';
    expect(middleEllipsis(path, 200)).toBe(path);
    const cut = middleEllipsis(path, 44);
    expect(cut).toHaveLength(44);
    expect(cut.startsWith('/home/someone/')).toBe(true);
    expect(cut.endsWith('rescue-bot/workspace')).toBe(true);
  });

  it('shows the start phase with its time, and restart to apply', () => {
    const status = gatewayStatus('alpha', 18789, {
      state: 'starting',
      startedAt: 1000,
      phase: { name: 'starting-up', since: 3000, detail: 'startup-sidecars' },
    });
    expect(phaseText(status, 7500)).toBe('starting up (startup-sidecars) · 4s of 6s');
    expect(phaseText({ ...status, phase: { name: 'spawned', since: 1000, detail: null } }, 2500)).toBe('spawned · 1s');
    expect(phaseText({ ...status, phase: null }, 2500)).toBeNull();
    expect(stateLabel({ state: 'ready', pendingRestart: 'port 2 (runs on 1)' })).toBe('restart to apply');
    expect(stateLabel({ state: 'stopped', pendingRestart: null })).toBe('stopped');
    expect(formatBytes(312 * 1024 * 1024)).toBe('312 MB');
  });

  it('announces crashes in the browser as the desktop does, each opening its logs, and not what was so at load', () => {
    const status = (state: GatewayStatus['state'], reason: string | null = null) =>
      gatewayStatus('alpha', 18789, {
        state,
        reason,
        lastExit: { code: null, signal: 'SIGKILL', meaning: 'killed (SIGKILL)', at: 1000 },
      });
    let seen = seenIn({ gateways: [status('crash-looping')] });
    let step = announce(seen, { type: 'gateway-state', status: status('crash-looping', 'again') });
    expect(step.announcement).toBeNull();
    seen = step.seen;
    step = announce(seen, { type: 'gateway-state', status: status('ready') });
    step = announce(step.seen, { type: 'gateway-state', status: status('restarting', 'killed; restarting in 1 s') });
    expect(step.announcement).toEqual({
      title: 'alpha: crashed (killed (SIGKILL)), restarting',
      body: 'killed; restarting in 1 s',
      hash: '#logs/alpha',
      tag: 'lobsterpot-alpha',
    });
    for (const state of ['port-blocked', 'config-error', 'unresponsive', 'crash-looping'] as const) {
      step = announce(step.seen, { type: 'gateway-state', status: status('stopped') });
      expect(announce(step.seen, { type: 'gateway-state', status: status(state) }).announcement?.title).toBe(
        `alpha: ${state}`,
      );
    }
  });
});

describe('CPU and memory', () => {
  it('a window that cannot ask says so, never "not available for this process" (the offline screenshot showed it)', () => {
    expect(resourcesNote(7, null, 'not connected to Lobsterpot; reconnecting')).toBe('not measured now');
    expect(resourcesNote(7, 'failed', null)).toBe('could not be measured');
    expect(resourcesNote(7, null, null)).toBe('not available for this process');
    expect(resourcesNote(7, undefined, null)).toBe('measuring…');
    expect(resourcesNote(null, undefined, null)).toBe('–');
    expect(resourcesNote(7, { cpuPercent: 1 }, null)).toBeNull();
  });
});
