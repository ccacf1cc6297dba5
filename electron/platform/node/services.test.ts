import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../../contract/contract.ts';
import { gatewayStatus } from '../../contract/fixtures.ts';
import {
  findSupervisor,
  handOverToLobsterpot,
  handOverToService,
  identifySupervisor,
  osSupervisorProbe,
  parseStatLink,
  type HandOverDeps,
  type ServiceAdapter,
  type ServiceState,
} from './services.ts';

describe('identifySupervisor', () => {
  it('names systemd from its markers, not from pid 1 alone (any orphan has parent 1)', () => {
    const init = { pid: 1, ppid: null, command: '/sbin/init' };
    expect(identifySupervisor([init], {})).toEqual({
      name: 'none (its parent exited; now under init)',
      pid: 1,
      evidence: ['reparented to pid 1 (/sbin/init)'],
    });
    expect(
      identifySupervisor([{ pid: 1, ppid: null, command: '/lib/systemd/systemd --user' }], {
        INVOCATION_ID: 'abc',
        OPENCLAW_SYSTEMD_UNIT: 'openclaw-gateway-ops.service',
      }),
    ).toMatchObject({
      name: 'systemd (openclaw-gateway-ops.service)',
      evidence: [
        'OPENCLAW_SYSTEMD_UNIT=openclaw-gateway-ops.service',
        'INVOCATION_ID=abc',
        'ancestor 1 (/lib/systemd/systemd --user)',
      ],
    });
  });

  it('finds pm2, supervisord, a shell or Lobsterpot itself up the chain', () => {
    const node = { pid: 50, ppid: 40, command: 'node /usr/lib/openclaw.mjs gateway run' };
    expect(
      identifySupervisor([node, { pid: 40, ppid: 1, command: 'PM2 v5.4.3: God Daemon (/home/u/.pm2)' }], null),
    ).toMatchObject({ name: 'pm2', pid: 40 });
    expect(
      identifySupervisor([{ pid: 9, ppid: 1, command: '/usr/bin/python3 /usr/bin/supervisord -n' }], null),
    ).toMatchObject({ name: 'supervisord' });
    expect(identifySupervisor([{ pid: 9, ppid: 8, command: '-bash' }], null)).toMatchObject({
      name: 'a shell',
      pid: 9,
    });
    expect(identifySupervisor([{ pid: 77, ppid: 1, command: 'node lobsterpot' }], null, 77)).toMatchObject({
      name: 'lobsterpot',
      pid: 77,
    });
    expect(identifySupervisor([], null)).toBeNull();
  });

  it('reads a /proc stat line whose command holds spaces and parentheses', () => {
    expect(parseStatLink(12, '12 (tmux: server (1)) S 1 12 12 0 -1')).toEqual({
      pid: 12,
      ppid: 1,
      command: 'tmux: server (1)',
    });
  });

  it.skipIf(process.platform !== 'linux')('reads a real process: its markers and its parent', async () => {
    const child = spawn(process.execPath, ['-e', 'process.stdin.resume()'], {
      env: { PATH: process.env.PATH ?? '', OPENCLAW_SYSTEMD_UNIT: 'openclaw-gateway-x.service' },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    try {
      const found = await findSupervisor(child.pid!, osSupervisorProbe, process.pid);
      expect(found).toMatchObject({ name: 'systemd (openclaw-gateway-x.service)', pid: process.pid });
      expect(found?.evidence).toContain(`parent ${process.pid} is this Lobsterpot`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/** A service manager in memory: what it was asked, in order. */
function fakeAdapter(initial: Partial<ServiceState> = {}) {
  const calls: string[] = [];
  const state: ServiceState = { installed: false, active: false, label: null, ...initial };
  const adapter: ServiceAdapter = {
    kind: 'systemd',
    unitName: (p) => `openclaw-gateway-${p}.service`,
    status: async () => ({ ...state }),
    start: async () => void (calls.push('start'), (state.active = true)),
    stop: async () => void (calls.push('stop'), (state.active = false)),
    install: async (_p, port) => void (calls.push(`install ${port}`), (state.installed = true)),
    uninstall: async () => void (calls.push('uninstall'), Object.assign(state, { installed: false, active: false })),
  };
  return { adapter, calls, state };
}

const statusOf = (owner: GatewayStatus['owner'], state: GatewayStatus['state']) =>
  gatewayStatus('alpha', 20000, { owner, state });

function deps(adapter: ServiceAdapter, calls: string[], current: { status: GatewayStatus }): HandOverDeps {
  return {
    adapter,
    profile: 'ops',
    port: 21000,
    start: async () => (calls.push('lobsterpot start'), (current.status = statusOf('lobsterpot', 'ready'))),
    stop: async () => void (calls.push('lobsterpot stop'), (current.status = statusOf(null, 'stopped'))),
    refresh: async () => {
      const s = await adapter.status('ops');
      if (s.active) current.status = statusOf('service', 'external');
    },
    status: () => current.status,
    until: async (check) => !!(await check()),
  };
}

describe('hand-overs', () => {
  it('to Lobsterpot: stops and uninstalls the service, then starts its own', async () => {
    const { adapter, calls } = fakeAdapter({ installed: true, active: true });
    const current = { status: statusOf('service', 'external') };
    expect(await handOverToLobsterpot(deps(adapter, calls, current))).toMatchObject({ owner: 'lobsterpot' });
    expect(calls).toEqual(['lobsterpot stop', 'stop', 'uninstall', 'lobsterpot start']);
  });

  it('to Lobsterpot is refused without a service, touching nothing', async () => {
    const { adapter, calls } = fakeAdapter();
    await expect(
      handOverToLobsterpot(deps(adapter, calls, { status: statusOf('lobsterpot', 'ready') })),
    ).rejects.toThrow(/no OS service \(openclaw-gateway-ops.service\)/);
    expect(calls).toEqual([]);
  });

  it('to the service: installs with the current port, stops its own copy, starts the service and watches it', async () => {
    const { adapter, calls } = fakeAdapter();
    const current = { status: statusOf('lobsterpot', 'ready') };
    expect(await handOverToService(deps(adapter, calls, current))).toMatchObject({ owner: 'service' });
    expect(calls).toEqual(['install 21000', 'lobsterpot stop', 'start']);
  });

  it('to the service fails with the state it saw when the service never comes up', async () => {
    const { adapter, calls } = fakeAdapter();
    adapter.start = async () => void calls.push('start');
    const current = { status: statusOf('lobsterpot', 'ready') };
    await expect(handOverToService(deps(adapter, calls, current))).rejects.toThrow(
      /was started but its gateway is stopped/,
    );
  });
});
