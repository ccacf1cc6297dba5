import { describe, expect, it } from 'vitest';
import { gatewayStates, isRunningState, type GatewayStatus, type HostView } from '../../electron/contract/contract.ts';
import { checkExportForm, defaultOutputText, resultHeadline, scopeText } from './export-model.ts';
import {
  checkHostForm,
  configuredNames,
  fleetActions,
  fleetOf,
  gatewayVerbs,
  hostList,
  hostStateView,
  isLive,
  planningOf,
  profilesSignature,
  shownGateway,
  staleNote,
  unreachableReason,
  verbsFor,
} from './hosts-model.ts';
import { splitHost } from './reducer.ts';
import { gatewayStatus, profileView } from '../../electron/contract/fixtures.ts';

const NOW = 1_000_000;
const profile = (name: string, port: number) => profileView(name, port);
const gateway = (name: string, state: GatewayStatus['state'], listeners: GatewayStatus['listeners'] = []) =>
  gatewayStatus(name, 20000, { state, listeners });

function host(overrides: Partial<HostView> = {}): HostView {
  return {
    name: 'lab',
    destination: 'me@lab.example',
    sshConfig: null,
    command: 'lobsterpot',
    state: 'connected',
    since: NOW - 60_000,
    message: null,
    retryAt: null,
    supervisor: { pid: 4242, kind: 'serve', startedByUs: true },
    remote: {
      profiles: [profile('alpha', 20000), profile('beta', 20120)],
      gateways: [
        gateway('alpha', 'ready', [{ port: 20000, pid: 7, command: 'node', profile: 'alpha' } as never]),
        gateway('beta', 'stopped'),
      ],
      findings: [],
      ephemeralRange: { from: 32768, to: 60999 },
      seenAt: NOW - 125_000,
      live: true,
    },
    ...overrides,
  };
}

const lost = (overrides: Partial<HostView> = {}) =>
  host({
    state: 'lost',
    message: 'ssh: connect to host lab.example port 22: Connection refused',
    retryAt: NOW + 4_200,
    supervisor: null,
    ...overrides,
    remote: { ...host().remote!, live: false },
  });

/** The host as the store keeps it: its connection, and its report as a fleet. */
const kept = (view: HostView) => splitHost(view);
const viewOf = (view: HostView, now = NOW) => {
  const { link, fleet } = kept(view);
  return hostStateView(link, fleet, now);
};
const noteOf = (view: HostView) => {
  const { link, fleet } = kept(view);
  return staleNote(link, fleet, NOW);
};
/** Each profile of the host as its row shows it, with its Start, Stop and Restart. */
const rowsOf = (view: HostView) => {
  const { link, fleet } = kept(view);
  const stale = unreachableReason(link, fleet);
  return (fleet?.profiles ?? []).map((p) => {
    const shown = shownGateway(fleet ?? undefined, p.name, stale, staleNote(link, fleet, NOW));
    return { name: p.name, shown, verbs: gatewayVerbs(shown, stale) };
  });
};

describe('hosts in the window', () => {
  it('lists hosts by name after this host', () => {
    const hosts = {
      zeta: kept(host({ name: 'zeta' })).link,
      beta: kept(host({ name: 'beta' })).link,
      lab: kept(host()).link,
    };
    expect(hostList(hosts).map((h) => h.name)).toEqual(['beta', 'lab', 'zeta']);
    expect(hostList({})).toEqual([]);
  });

  it('says what each connection state is, with ssh’s message and the retry', () => {
    expect(viewOf(host({ state: 'connecting', supervisor: null, remote: null }))).toEqual({
      label: 'connecting',
      tone: 'busy',
      detail: null,
      retry: null,
      canReconnect: true,
    });
    expect(viewOf(host({ state: 'starting-serve', message: null }))).toMatchObject({
      label: 'starting serve there',
      detail: 'starting lobsterpot serve on me@lab.example',
      canReconnect: false,
    });
    expect(viewOf(host())).toMatchObject({
      label: 'connected',
      tone: 'ok',
      detail: 'Lobsterpot serve pid 4242, started by Lobsterpot',
    });
    expect(viewOf(lost())).toEqual({
      label: 'connection lost',
      tone: 'bad',
      detail: 'ssh: connect to host lab.example port 22: Connection refused',
      retry: 'retrying in 5 s',
      canReconnect: true,
    });
    expect(viewOf(lost({ retryAt: NOW - 10 })).retry).toBe('retrying now');
    expect(viewOf(lost({ retryAt: NOW + 3_598_000 })).retry).toBe('retrying in 59m 58s');
    expect(viewOf(lost({ retryAt: null })).retry).toBeNull();
  });

  it('shows live states only while connected and live', () => {
    const { link, fleet } = kept(host());
    expect(isLive(link, fleet)).toBe(true);
    expect(noteOf(host())).toBeNull();
    const rows = rowsOf(host());
    expect(rows.map((r) => [r.name, r.shown.label, r.shown.status?.state])).toEqual([
      ['alpha', 'ready', 'ready'],
      ['beta', 'stopped', 'stopped'],
    ]);
    expect(rows[0]?.verbs.stop).toEqual({ enabled: true, reason: null });
    expect(rows[0]?.verbs.start).toEqual({ enabled: false, reason: 'the gateway is ready' });
    expect(rows[1]?.verbs.start.enabled).toBe(true);
  });

  it.each([
    ['lost', lost(), 'connection lost'],
    ['connected but not live', host({ remote: { ...host().remote!, live: false } }), 'not live'],
    ['reconnecting', host({ state: 'connecting', supervisor: null }), 'reconnecting'],
    ['starting serve', host({ state: 'starting-serve' }), 'starting serve there'],
  ])('never shows stale states as live: %s', (_, view, why) => {
    const { link, fleet } = kept(view);
    expect(isLive(link, fleet)).toBe(false);
    const rows = rowsOf(view);
    expect(rows).toHaveLength(2);
    for (const { shown, verbs } of rows) {
      expect(shown.status).toBeNull();
      expect(shown.label).toBe('unknown');
      expect(shown.note).toBe(`${why}, last seen 2m 5s ago`);
      for (const verb of ['start', 'stop', 'restart'] as const)
        expect(verbs[verb]).toEqual({ enabled: false, reason: `lab is not reachable now (${why})` });
    }
  });

  it('has no rows for a host never seen, and says so', () => {
    const fresh = host({ state: 'connecting', remote: null, supervisor: null });
    expect(rowsOf(fresh)).toEqual([]);
    expect(noteOf(fresh)).toBe('not connected yet, never seen');
  });

  it.each(gatewayStates)('offers what a %s remote gateway allows, as the local table does', (state) => {
    const verbs = verbsFor(state);
    expect(verbs.start).toBe(!isRunningState(state) && state !== 'stopping');
    expect(verbs.stop).toBe(isRunningState(state));
    expect(verbs.restart).toBe(isRunningState(state) || state === 'stopping');
  });

  it('shows this host’s gateways the same way: always live, a saved change as restart to apply, a config error', () => {
    const fleet = {
      profiles: [{ ...profile('alpha', 20000) }, { ...profile('beta', 20120), configError: 'bad JSON' }],
      gateways: { alpha: { ...gateway('alpha', 'ready'), pendingRestart: '20240 (runs on 20000)' } },
    };
    const alpha = shownGateway(fleet, 'alpha', null);
    expect(alpha).toMatchObject({ label: 'restart to apply', tone: 'warn', reason: 'saved 20240 (runs on 20000)' });
    expect(gatewayVerbs(alpha, null).restart.enabled).toBe(true);
    expect(shownGateway(fleet, 'beta', null)).toMatchObject({ state: 'stopped', reason: 'bad JSON', note: null });
    // Offline, this host's states stay shown; every action waits, with the reason.
    const offline = 'not connected to Lobsterpot; reconnecting';
    expect(gatewayVerbs(alpha, offline).stop).toEqual({ enabled: false, reason: offline });
  });

  it("plans ports against the host's own profiles, findings, listeners and ephemeral range", () => {
    const plan = planningOf(kept(host()).fleet);
    expect(plan.profiles.map((p) => p.name)).toEqual(['alpha', 'beta']);
    expect(plan.listeners.map((l) => l.port)).toEqual([20000]);
    expect(plan.ephemeral).toEqual({ from: 32768, to: 60999 });
    expect(kept(host({ remote: null })).fleet).toBeNull();
    expect(planningOf(null)).toEqual({ profiles: [], findings: [], listeners: [], ephemeral: null });
  });

  it('names the profiles that are set up, and changes its signature only when a profile does', () => {
    const set = { ...profile('alpha', 20000), configured: true };
    const half = { ...profile('half', 20120), configured: false };
    expect(configuredNames([set, half, { ...set, name: 'beta' }])).toBe('alpha\nbeta');
    expect(profilesSignature([set])).toBe(profilesSignature([{ ...set }]));
    expect(profilesSignature([set])).not.toBe(profilesSignature([{ ...set, effectivePort: 20240 }]));
  });
});

describe("a host's Start all, Stop all and Restart all", () => {
  const on = { enabled: true, reason: null };

  it('offers Start all with a profile, Stop all and Restart all with a running gateway', () => {
    const remote = host().remote!;
    const fleet = fleetOf(remote.profiles, [{ pid: 7 }, { pid: null }], null);
    expect(fleet).toEqual({ profiles: 2, running: true, blocked: null });
    expect(fleetActions(fleet)).toEqual({ startAll: on, stopAll: on, restartAll: on });
    const idle = { enabled: false, reason: 'no gateway is running' };
    const none = { enabled: false, reason: 'no profiles yet' };
    expect(fleetActions(fleetOf([], [], null))).toEqual({ startAll: none, stopAll: idle, restartAll: idle });
  });

  it('Stop all is disabled when nothing runs, as Restart all already is; a restart on its way counts as running', () => {
    const remote = host().remote!;
    const idle = { enabled: false, reason: 'no gateway is running' };
    expect(fleetActions(fleetOf(remote.profiles, [{ pid: null }], null))).toEqual({
      startAll: on,
      stopAll: idle,
      restartAll: idle,
    });
    expect(fleetActions(fleetOf(remote.profiles, [{ pid: null, state: 'restarting' }], null)).stopAll).toEqual(on);
  });

  it('A restart in progress can be stopped: Stop stays offered while this window’s restart is on its way', () => {
    expect(verbsFor('ready')).toEqual({ start: false, stop: true, restart: true });
    expect(verbsFor('stopping', 'restart')).toEqual({ start: false, stop: true, restart: false });
    expect(verbsFor('starting', 'restart')).toEqual({ start: false, stop: true, restart: false });
    expect(verbsFor('stopped', 'start')).toEqual({ start: false, stop: true, restart: false });
    // A stop on its way is not asked twice; a stop of someone else's shows as stopping.
    expect(verbsFor('stopping', 'stop')).toEqual({ start: false, stop: false, restart: false });
    expect(verbsFor('stopping')).toEqual({ start: false, stop: false, restart: true });
    expect(verbsFor('stopped')).toEqual({ start: true, stop: false, restart: false });
  });

  it('offers none of them while the host is out of reach, with the reason, and never counts a stale gateway', () => {
    const why = 'lab is not reachable now (connection lost)';
    const fleet = fleetOf(host().remote!.profiles, [{ pid: 7 }], why);
    expect(fleet.running).toBe(false);
    const off = { enabled: false, reason: why };
    expect(fleetActions(fleet)).toEqual({ startAll: off, stopAll: off, restartAll: off });
  });
});

describe('Add host form', () => {
  const form = { name: 'lab', destination: 'me@lab.example', sshConfig: '', command: '' };

  it('gives the contract its arguments, optional fields left to their defaults', () => {
    expect(checkHostForm(form, [])).toEqual({
      ok: true,
      args: { name: 'lab', destination: 'me@lab.example' },
      errors: {},
    });
    const full = checkHostForm({ ...form, sshConfig: ' /tmp/ssh_config ', command: '~/bin/lobsterpot' }, []);
    expect(full.ok && full.args).toEqual({
      name: 'lab',
      destination: 'me@lab.example',
      sshConfig: '/tmp/ssh_config',
      command: '~/bin/lobsterpot',
    });
  });

  it('refuses what the contract refuses, each under its field', () => {
    const check = (patch: Partial<typeof form>) => checkHostForm({ ...form, ...patch }, []).errors;
    expect(check({ destination: '-oProxyCommand=evil' }).destination).toBe(
      'must not start with "-" (ssh would read it as an option)',
    );
    expect(check({ destination: 'me@lab example' }).destination).toMatch(/^must not hold spaces or control characters/);
    expect(check({ destination: 'me@lab\u0007' }).destination).toMatch(/^must not hold spaces or control characters/);
    expect(check({ destination: `a@${'b'.repeat(260)}` }).destination).toMatch(/^must be at most 255 characters/);
    expect(check({ destination: '' }).destination).toMatch(/^(is required|must not be empty)/);
    expect(check({ name: 'my lab' }).name).toBe(
      "may hold only letters, digits, '-' and '_', and must start with a letter or digit",
    );
    expect(check({ name: '' }).name).toBe('must not be empty');
    expect(check({ sshConfig: 'relative/config' }).sshConfig).toBeTruthy();
    expect(check({ command: 'lobsterpot\nrm -rf /' }).command).toMatch(/^must be one line/);
  });

  it('refuses a name another host has, case-insensitively', () => {
    expect(checkHostForm({ ...form, name: 'LAB' }, ['lab']).errors.name).toBe("is already the name of host 'lab'");
  });
});

describe('Export dialog', () => {
  it('says what is exported and where by default', () => {
    expect(scopeText({ host: null, profiles: ['alpha'] })).toBe('profile alpha on this host');
    expect(scopeText({ host: 'lab', profiles: [] })).toBe('every profile that is set up on host lab');
    expect(defaultOutputText('kubernetes', 'lab')).toBe(
      "Empty: a new folder exports/kubernetes-<date and time> in Lobsterpot's data folder on lab.",
    );
  });

  it("checks the folder with the contract's rule", () => {
    expect(
      checkExportForm({ format: 'compose', output: '', force: false }, { host: null, profiles: ['alpha'] }),
    ).toEqual({ ok: true, args: { format: 'compose', profiles: ['alpha'], force: false } });
    expect(
      checkExportForm({ format: 'kubernetes', output: '/tmp/out', force: true }, { host: 'lab', profiles: [] }),
    ).toEqual({ ok: true, args: { format: 'kubernetes', profiles: [], force: true, output: '/tmp/out' } });
    const bad = checkExportForm({ format: 'compose', output: 'out', force: false }, { host: null, profiles: [] });
    expect(bad).toMatchObject({ ok: false, field: 'output' });
  });

  it('sums up a result', () => {
    expect(
      resultHeadline({
        format: 'compose',
        directory: '/x',
        files: ['compose.yaml', '.env'],
        profiles: ['alpha', 'beta'],
        notes: [],
      }),
    ).toBe('Docker Compose: wrote 2 files for alpha, beta.');
  });
});
