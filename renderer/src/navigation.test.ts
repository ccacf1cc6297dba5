import { describe, expect, it } from 'vitest';
import type { PortProfile } from '../../electron/ports/common/ports.ts';
import { initialNavigation, keepReachable, navigate, type NavAction, type Navigation } from './navigation.ts';
import { applyEvent, applySnapshot, initialViewState } from './reducer.ts';
import { hostView, profileView, snapshot } from '../../electron/contract/fixtures.ts';

const draft = (name: string, port: number) =>
  ({ name, port, stateDir: '/s', configPath: '/c', workspace: null }) as PortProfile;
const run = (actions: NavAction[], from: Navigation = initialNavigation) => actions.reduce(navigate, from);

describe('navigation', () => {
  it('selects a profile of any host with one selection, on its Status tab unless told', () => {
    const local = run([{ type: 'select', selection: { host: null, name: 'alpha' } }]);
    expect(local).toMatchObject({ selected: { host: null, name: 'alpha' }, tab: 'status' });
    const remote = run([{ type: 'select', selection: { host: 'lab', name: 'alpha' }, tab: 'logs' }], local);
    expect(remote).toMatchObject({ selected: { host: 'lab', name: 'alpha' }, tab: 'logs' });
  });

  it('keeps the draft only while the same profile’s Edit tab is open, and takes none of another profile', () => {
    let nav = run([
      { type: 'select', selection: { host: null, name: 'alpha' } },
      { type: 'tab', tab: 'edit' },
      { type: 'draft', draft: draft('alpha', 21050) },
    ]);
    expect(nav.draft?.port).toBe(21050);
    expect(navigate(nav, { type: 'draft', draft: draft('beta', 1) }).draft).toBeNull();
    expect(navigate(nav, { type: 'select', selection: { host: null, name: 'alpha' }, tab: 'edit' }).draft?.port).toBe(
      21050,
    );
    expect(navigate(nav, { type: 'tab', tab: 'status' }).draft).toBeNull();
    expect(navigate(nav, { type: 'select', selection: { host: null, name: 'beta' } }).draft).toBeNull();
    // Another host's editor plans against that host: its draft is not drawn on this host's map.
    nav = run([{ type: 'select', selection: { host: 'lab', name: 'alpha' }, tab: 'edit' }]);
    expect(navigate(nav, { type: 'draft', draft: draft('alpha', 21050) }).draft).toBeNull();
  });

  it('opens one dialog at a time; a create closes it and shows the new profile', () => {
    let nav = run([{ type: 'open-dialog', dialog: { kind: 'create', host: 'lab' } }]);
    expect(nav.dialog).toEqual({ kind: 'create', host: 'lab' });
    nav = navigate(nav, { type: 'created', selection: { host: 'lab', name: 'gamma' } });
    expect(nav).toMatchObject({ dialog: null, selected: { host: 'lab', name: 'gamma' }, tab: 'status' });
    expect(navigate(nav, { type: 'close-dialog' })).toBe(nav);
    expect(navigate(nav, { type: 'all-logs', open: true }).allLogs).toBe(true);
  });

  it('lets go of a profile deleted here or there, and of a removed host’s, through the reducer', () => {
    let state = applySnapshot(
      initialViewState,
      snapshot({
        profiles: [profileView('alpha', 21000), profileView('beta', 21120)],
        hosts: [
          hostView({
            name: 'lab',
            remote: {
              profiles: [profileView('gamma', 21000)],
              gateways: [],
              findings: [],
              ephemeralRange: null,
              seenAt: 0,
              live: true,
            },
          }),
        ],
      }),
    );
    state = { ...state, nav: run([{ type: 'select', selection: { host: null, name: 'beta' }, tab: 'manage' }]) };
    state = applyEvent(state, { type: 'profile-removed', name: 'alpha' });
    expect(state.nav.selected).toEqual({ host: null, name: 'beta' });
    state = applyEvent(state, { type: 'profile-removed', name: 'beta' });
    expect(state.nav).toMatchObject({ selected: null, tab: 'status' });
    state = { ...state, nav: run([{ type: 'select', selection: { host: 'lab', name: 'gamma' } }]) };
    state = applyEvent(state, { type: 'host-removed', name: 'lab' });
    expect(state.nav.selected).toBeNull();
    expect(keepReachable(initialNavigation, {})).toBe(initialNavigation);
  });
});
