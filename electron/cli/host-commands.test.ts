import { describe, expect, it } from 'vitest';
import { type CommandName, type HostView, type LobsterpotEvent, type Snapshot } from '../contract/contract.ts';
import { parseCommandLine } from './args.ts';
import type { Core } from './core.ts';
import { hostsText } from './host-text.ts';
import { cli as run } from './testing.ts';
import { hostView, profileView, snapshot } from '../contract/fixtures.ts';

const emptySnapshot = (hosts: HostView[] = []): Snapshot => snapshot({ hosts });

const cli = (argv: string[], core: Core, interrupted?: () => Promise<void>) =>
  run(argv, core, { machine: { now: () => 10_000, ...(interrupted ? { interrupted } : {}) } });
/** The host's path rule applies whatever the test's resolvePath: the core is another host's. */
const cliOnHost = (argv: string[], core: Core) => run(argv, core, { machine: { now: () => 0 } });

describe('--host and `lobsterpot host`', () => {
  it('reads --host NAME before the command as the tool’s flag, not as the command', () => {
    expect(parseCommandLine(['--host', 'box', 'status'])).toMatchObject({
      command: 'status',
      values: { host: 'box' },
    });
    expect(parseCommandLine(['status', '--host=box', 'alpha'])).toMatchObject({
      command: 'status',
      positionals: ['alpha'],
      values: { host: 'box' },
    });
  });

  it('refuses --host with the commands about this host itself', async () => {
    const core = {
      actor: '',
      snapshot: async () => emptySnapshot(),
      execute: async () => null as never,
      close: async () => undefined,
    };
    for (const command of ['serve', 'supervisor', 'host']) {
      const result = await cli(['--host', 'box', command], core);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/--host does not go with/);
    }
  });

  it('adds a host with its ssh config made absolute, and lists hosts with their states', async () => {
    const calls: { command: CommandName; args: unknown }[] = [];
    const core: Core = {
      actor: '',
      snapshot: async () =>
        emptySnapshot([
          hostView(),
          hostView({
            name: 'vps',
            state: 'lost',
            message: 'ssh: Connection refused',
            retryAt: 14_000,
            supervisor: null,
          }),
        ]),
      execute: async (command, args) => {
        calls.push({ command, args });
        return hostView({ name: 'vps', state: 'connecting' }) as never;
      },
      close: async () => undefined,
    };
    const added = await cli(
      ['host', 'add', 'vps', 'ops@vps', '--ssh-config', 'cfg', '--command', '/opt/lp/bin/lobsterpot'],
      core,
    );
    expect(added.code, added.err).toBe(0);
    expect(calls[0]).toEqual({
      command: 'hosts.add',
      args: { name: 'vps', destination: 'ops@vps', sshConfig: '/cwd/cfg', command: '/opt/lp/bin/lobsterpot' },
    });
    const listed = await cli(['host', 'list'], core);
    expect(listed.out).toContain('box   ops@box      connected (lobsterpot serve, pid 42)');
    expect(listed.out).toContain('vps   ops@box      lost: ssh: Connection refused, retrying in 4 s');
    expect((await cli(['host', 'frobnicate'], core)).code).toBe(2);
    expect(hostsText([], 0)).toMatch(/No other hosts/);
  });

  it('follows logs there through the host’s own events, and points a dashboard there to a tunnel', async () => {
    const listeners = new Set<(event: LobsterpotEvent) => void>();
    const lostListeners = new Set<(reason: string) => void>();
    const profile = profileView('alpha', 20100);
    const core: Core = {
      actor: '',
      snapshot: async () => ({ ...emptySnapshot(), profiles: [profile] }),
      execute: async () => ({ lines: ['old line'], file: '/there/alpha.log' }) as never,
      close: async () => undefined,
      host: {
        name: 'box',
        destination: 'ops@box',
        sshConfig: null,
        onEvent: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        onLost: (listener) => {
          lostListeners.add(listener);
          return () => lostListeners.delete(listener);
        },
      },
    };
    const followed = await cli(['logs', 'alpha', '-f'], core, async () => {
      for (const listener of listeners) {
        listener({ type: 'log-lines', name: 'alpha', lines: ['new line'] });
        listener({ type: 'log-lines', name: 'beta', lines: ['not asked for'] });
      }
    });
    expect(followed.code, followed.err).toBe(0);
    expect(followed.out).toContain('old line');
    expect(followed.out).toContain('new line');
    expect(followed.out).not.toContain('not asked for');
    expect(listeners.size).toBe(0);

    // The link goes: following ends with the reason and exit 1 (it went silent forever).
    const ended = await cli(['logs', 'alpha', '-f'], core, async () => {
      for (const listener of lostListeners) listener('the connection closed (1006)');
      await new Promise(() => undefined); // never interrupted by the person
    });
    expect(ended.code).toBe(1);
    expect(ended.err).toContain('stopped following: the connection closed (1006)');

    // A path with --host is the host's: a relative one means this shell's folder, which is not there.
    const relative = await cliOnHost(['backup', 'alpha', '--output', 'here.tgz'], core);
    expect(relative.code).toBe(2);
    expect(relative.err).toMatch(/'here.tgz' is a path on box: give it whole/);

    const opened = await cli(['open', 'alpha'], core);
    expect(opened.code).toBe(3);
    expect(opened.err).toContain('ssh -N -L 20100:127.0.0.1:20100 ops@box');
  });
});
