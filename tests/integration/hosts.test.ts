// Other hosts over a real SSH tunnel: Debian's sshd on a loopback port, a second World as the remote host (its own HOME
// and data dir), real gateways there. The CLI's `--host`, then a supervising Manager that keeps the host connected,
// loses it when the remote supervisor dies, shows its states as not live, and reconnects with backoff.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayStatus, HostView } from '../../electron/contract/contract.ts';
import { isAlive, signalGroup } from '../../electron/platform/node/processes.ts';
import { BIN, lobsterpot } from './cli.ts';
import { TestSshd, sshMissing } from './sshd.ts';
import { World, freePortBlock } from './world.ts';

/** The processes whose parent is `pid`, with their command lines. */
async function childrenOf(pid: number): Promise<{ pid: number; args: string }[]> {
  const out = await new Promise<string>((resolve) =>
    execFile('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], (_error, stdout) => resolve(stdout)),
  );
  return out
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(.*)$/))
    .filter((match): match is RegExpMatchArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), args: ` ${match[2]} ` }));
}

/** Every file under `dir` whose bytes hold `text`. */
function filesHolding(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => {
      try {
        return statSync(path).isFile() && readFileSync(path).includes(text);
      } catch {
        return false;
      }
    });
}

const missing = sshMissing();
if (missing) console.warn(`skipping the other-hosts tests: ${missing}`);

describe.skipIf(missing !== null)('another host over a real ssh tunnel', () => {
  let sshd: TestSshd;
  let local: World;
  let remote: World;
  const remotePids = new Set<number>();

  /** The remote supervisor's pid, from its data dir (to end it, and to kill it on purpose). */
  const remoteServePid = (): number | null => {
    try {
      return (JSON.parse(readFileSync(join(remote.dataDir, 'run', 'supervisor.json'), 'utf8')) as { pid: number }).pid;
    } catch {
      return null;
    }
  };

  beforeAll(async () => {
    sshd = await TestSshd.start('remote-a');
    local = await World.create();
    remote = await World.create();
    const created = await lobsterpot(remote, ['create', 'alpha', '--port', String(remote.basePort)]);
    expect(created.code, created.err).toBe(0);
    // How Lobsterpot runs there: this checkout's command, pointed at the remote World's HOME and data dir.
    const command = `env HOME=${remote.home} LOBSTERPOT_HOME=${remote.dataDir} ${process.execPath} ${BIN}`;
    const added = await lobsterpot(local, [
      'host',
      'add',
      'remote-a',
      'remote-a',
      '--ssh-config',
      sshd.config,
      '--command',
      command,
    ]);
    expect(added.code, added.err).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await local?.dispose();
    const pid = remoteServePid();
    if (pid) remotePids.add(pid);
    for (const each of remotePids) signalGroup(each, 'SIGTERM');
    await remote
      ?.until('the remote serve to end', () => [...remotePids].every((each) => !isAlive(each)), 30_000)
      .catch(() => [...remotePids].forEach((each) => signalGroup(each, 'SIGKILL')));
    await remote?.dispose();
    sshd?.stop();
  }, 120_000);

  it('lists the host, then runs status, start and stop there with --host, starting serve there after saying so', async () => {
    const listed = await lobsterpot(local, ['host', 'list', '--json']);
    expect(listed.code, listed.err).toBe(0);
    expect((JSON.parse(listed.out) as { hosts: HostView[] }).hosts.map((h) => h.destination)).toEqual(['remote-a']);

    const status = await lobsterpot(local, ['--host', 'remote-a', 'status', '--json']);
    expect(status.code, status.err).toBe(0);
    expect(status.err).toMatch(/no Lobsterpot supervisor runs on remote-a: starting `lobsterpot serve` there/);
    const first = JSON.parse(status.out) as { gateways: GatewayStatus[] };
    expect(first.gateways.map((g) => [g.profile, g.state])).toEqual([['alpha', 'stopped']]);
    const servePid = remoteServePid();
    expect(servePid).not.toBeNull();
    remotePids.add(servePid as number);

    const started = await lobsterpot(local, ['--host', 'remote-a', 'start', 'alpha', '--json']);
    expect(started.code, started.err).toBe(0);
    expect(started.err).not.toMatch(/starting `lobsterpot serve`/); // it runs now: nothing started twice
    const running = await lobsterpot(local, ['--host', 'remote-a', 'status', 'alpha', '--json']);
    const gateway = (JSON.parse(running.out) as { gateways: GatewayStatus[] }).gateways[0];
    expect(gateway?.state).toBe('ready');
    expect(gateway?.pid).toBeGreaterThan(0);
    remotePids.add(gateway?.pid as number);
    // The remote's own view agrees: the gateway runs there, in the remote HOME, not here.
    const there = await lobsterpot(remote, ['status', 'alpha', '--json']);
    expect((JSON.parse(there.out) as { gateways: GatewayStatus[] }).gateways[0]?.state).toBe('ready');
    const here = await lobsterpot(local, ['status', '--json']);
    expect((JSON.parse(here.out) as { gateways: GatewayStatus[] }).gateways).toEqual([]);

    const stopped = await lobsterpot(local, ['--host', 'remote-a', 'stop', 'alpha', '--json']);
    expect(stopped.code, stopped.err).toBe(0);
    const after = await lobsterpot(remote, ['status', 'alpha', '--json']);
    expect((JSON.parse(after.out) as { gateways: GatewayStatus[] }).gateways[0]?.state).toBe('stopped');
  }, 240_000);

  it('the tunnel ends with a Lobsterpot killed with SIGKILL (it outlived it, holding its port)', async () => {
    const follower = spawn(process.execPath, [BIN, '--host', 'remote-a', 'logs', 'alpha', '--follow'], {
      env: { ...process.env, HOME: local.home, LOBSTERPOT_HOME: local.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      let output = '';
      follower.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      follower.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const tunnel = await local.until(
        'the follower to open its tunnel',
        async () => (await childrenOf(follower.pid as number)).find((child) => child.args.includes(' -N ')),
        30_000,
      );
      expect(tunnel.args).toMatch(/-L 127\.0\.0\.1:\d+:127\.0\.0\.1:\d+/);
      process.kill(follower.pid as number, 'SIGKILL'); // the CLI alone, not its group
      await local.until('the tunnel to end with it', () => !isAlive(tunnel.pid), 10_000);
    } finally {
      signalGroup(follower.pid as number, 'SIGKILL');
    }
  }, 60_000);

  it('keeps the host connected in the supervisor, shows a lost link as lost with no live states, and reconnects', async () => {
    const manager = await local.manager({
      face: { watch: true },
      hosts: { backoff: { firstMs: 500, maxMs: 2000 } },
    });
    const host = () => manager.snapshot().hosts?.find((h) => h.name === 'remote-a');
    await local.until('the host to connect', () => host()?.state === 'connected', 60_000);
    expect(host()?.remote?.profiles.map((p) => p.name)).toEqual(['alpha']);
    expect(host()?.remote?.live).toBe(true);
    // The remote token stays in memory and inside the tunnel: no file here holds it.
    const token = new URL(
      (JSON.parse(readFileSync(join(remote.dataDir, 'run', 'supervisor.json'), 'utf8')) as { url: string }).url,
    ).searchParams.get('token') as string;
    expect(token.length).toBeGreaterThan(10);
    expect(filesHolding(local.home, token)).toEqual([]);
    expect(filesHolding(local.dataDir, token)).toEqual([]);
    expect(JSON.stringify(manager.snapshot())).not.toContain(token);

    // Every action works per host: a start through the supervisor, and its state arrives as the host's event.
    await manager.execute('hosts.call', { host: 'remote-a', command: 'gateway.start', args: { name: 'alpha' } });
    await local.until('the remote gateway to show ready', () =>
      host()?.remote?.gateways.find((g) => g.profile === 'alpha' && g.state === 'ready'),
    );
    const gatewayPid = host()?.remote?.gateways[0]?.pid as number;
    remotePids.add(gatewayPid);
    // A refusal there keeps its code here.
    await expect(
      manager.execute('hosts.call', { host: 'remote-a', command: 'gateway.start', args: { name: 'nope' } }),
    ).rejects.toMatchObject({ code: 'not-found' });

    // The supervisor there dies: the link is lost at once, the last-known states are kept but not live.
    const killed = remoteServePid() as number;
    remotePids.add(killed);
    signalGroup(killed, 'SIGKILL');
    const lost = await local.until('the host to show lost', () => (host()?.state === 'lost' ? host() : null), 20_000);
    expect(lost.remote?.live).toBe(false);
    expect(lost.retryAt).toBeGreaterThan(0);
    expect(lost.message).toMatch(/lost|ended|closed/);
    await expect(
      manager.execute('hosts.call', { host: 'remote-a', command: 'gateway.stop', args: { name: 'alpha' } }),
    ).rejects.toThrow(/not connected/);

    // Backoff brings it back: no supervisor there now, so serve is started again (and said), and the gateway that
    // outlived the old serve is found again, still the same process.
    const changes: HostView[] = [];
    manager.on((event) => {
      if (event.type === 'host-changed') changes.push(event.host);
    });
    await local.until('the host to reconnect', () => host()?.state === 'connected' && host()?.remote?.live, 90_000);
    expect(changes.some((h) => h.state === 'starting-serve')).toBe(true);
    const newServe = remoteServePid() as number;
    remotePids.add(newServe);
    expect(newServe).not.toBe(killed);
    await local.until('the gateway to be adopted there', () =>
      host()?.remote?.gateways.find((g) => g.profile === 'alpha' && g.pid === gatewayPid && g.state === 'ready'),
    );
    await manager.execute('hosts.call', { host: 'remote-a', command: 'gateway.stop', args: { name: 'alpha' } });
    await local.until('the remote gateway to show stopped', () =>
      host()?.remote?.gateways.find((g) => g.profile === 'alpha' && g.state === 'stopped'),
    );
  }, 300_000);
});

describe.skipIf(!existsSync('/usr/bin/ssh'))('a host that cannot be reached', () => {
  it('an unreachable host: --host exits 1 at once with ssh’s own words, and no password prompt', async () => {
    const world = await World.create();
    try {
      const closed = await freePortBlock(10); // nothing listens there
      const config = join(world.home, 'ssh_config');
      writeFileSync(
        config,
        `Host dead\n  HostName 127.0.0.1\n  Port ${closed}\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n`,
      );
      const added = await lobsterpot(world, ['host', 'add', 'dead', 'dead', '--ssh-config', config]);
      expect(added.code, added.err).toBe(0);
      const started = Date.now();
      const status = await lobsterpot(world, ['--host', 'dead', 'status']);
      expect(status.code).toBe(1);
      expect(status.err).toMatch(
        new RegExp(`cannot reach host 'dead': ssh: connect to host 127.0.0.1 port ${closed}: Connection refused`),
      );
      expect(Date.now() - started).toBeLessThan(15_000);
      const refused = await lobsterpot(world, ['host', 'add', 'bad', '-oProxyCommand=touch /tmp/x']);
      expect(refused.code).toBe(2); // an option is no destination: the parser takes it for an unknown flag
      const option = await lobsterpot(world, ['host', 'add', 'bad', '--', '-oProxyCommand=x']);
      expect(option.code).toBe(3);
      expect(option.err).toMatch(/must not start with "-"/);
    } finally {
      await world.dispose();
    }
  }, 60_000);
});
