// Row 8: another host over a real SSH tunnel (Debian's sshd on loopback, a second HOME as the host, no gateway
// needed: the host's status is the measure). Lobsterpot's ways — `--host NAME` (ssh once to ask, the tunnel, one
// WebSocket command) and the supervisor's kept link (one command through a tunnel already open) — against the way
// an operator does it without Lobsterpot: `ssh host lobsterpot status --json`, a new ssh session every time. Also:
// how long a host whose supervisor dies takes to show as lost, where the naive way shows nothing until asked again.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostView } from '../electron/contract/contract.ts';
import { isAlive, signalGroup } from '../electron/platform/node/processes.ts';
import { BIN, lobsterpot } from '../tests/integration/cli.ts';
import { TestSshd } from '../tests/integration/sshd.ts';
import { World } from '../tests/integration/world.ts';
import { median, ms, times, type Section } from './lib.ts';

const RUNS = 7;

/** Runs a command `RUNS` times after one warm-up; the wall times in ms. */
async function timed(run: () => Promise<{ code: number | null; err?: string }>): Promise<number[]> {
  await run();
  const walls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = await run();
    walls.push(performance.now() - started);
    if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.err ?? ''}`);
  }
  return walls;
}

function sshRun(config: string, alias: string, command: string): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('ssh', ['-F', config, '-T', '-o', 'BatchMode=yes', alias, command], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => resolve({ code, err }));
  });
}

export async function benchHosts(log: (line: string) => void): Promise<Section> {
  const sshd = await TestSshd.start('bench-host');
  const local = await World.create();
  const remote = await World.create();
  const servePid = () => {
    try {
      return (JSON.parse(readFileSync(join(remote.dataDir, 'run', 'supervisor.json'), 'utf8')) as { pid: number }).pid;
    } catch {
      return null;
    }
  };
  const started = new Set<number>();
  try {
    await lobsterpot(remote, ['create', 'alpha', '--port', String(remote.basePort)]);
    const command = `env HOME=${remote.home} LOBSTERPOT_HOME=${remote.dataDir} ${process.execPath} ${BIN}`;
    await lobsterpot(local, ['host', 'add', 'bench', 'bench-host', '--ssh-config', sshd.config, '--command', command]);
    log('  --host status (ssh to ask, the tunnel, one command), after one warm-up that starts serve there …');
    const viaHost = await timed(() => lobsterpot(local, ['--host', 'bench', 'status', '--json']));
    const pid = servePid();
    if (pid) started.add(pid);
    log('  ssh host lobsterpot status --json (the naive way) …');
    const naive = await timed(() => sshRun(sshd.config, sshd.alias, `${command} status --json`));

    log('  the supervisor’s kept link …');
    const manager = await local.manager({ face: { watch: true } });
    const host = () => manager.snapshot().hosts?.find((h) => h.name === 'bench');
    await local.until('the host to connect', () => host()?.state === 'connected', 60_000);
    const kept = await timed(async () => {
      await manager.execute('hosts.call', { host: 'bench', command: 'state.snapshot', args: {} });
      return { code: 0 };
    });

    log('  a dead supervisor there, until the host shows lost …');
    const lostAt = new Promise<number>((resolve) =>
      manager.on((event) => {
        if (event.type === 'host-changed' && (event.host as HostView).state === 'lost') resolve(performance.now());
      }),
    );
    const killedAt = performance.now();
    const victim = servePid() as number;
    signalGroup(victim, 'SIGKILL');
    const lostMs = (await lostAt) - killedAt;
    await local.until('the host to come back', () => host()?.state === 'connected', 90_000);
    const again = servePid();
    if (again) started.add(again);

    const [h, n, k] = [median(viaHost), median(naive), median(kept)];
    return {
      title: '8. Another host over SSH (a real sshd on loopback; the host’s status)',
      rows: [
        {
          measure: 'status of another host, one command (median of 7)',
          lobsterpot: `${ms(h)} (\`--host\`)`,
          naive: `${ms(n)} (\`ssh host lobsterpot status\`)`,
          ratio: `${times(n / h)} ${h <= n ? 'faster' : 'slower'}`,
        },
        {
          measure: 'status of another host, again (the window, the tray)',
          lobsterpot: `${ms(k)} (the kept tunnel)`,
          naive: `${ms(n)} (a new ssh session each time)`,
          ratio: `${times(n / k)} faster`,
        },
        {
          measure: 'its supervisor dies: shown as lost after',
          lobsterpot: ms(lostMs),
          naive: 'never, until asked again',
          ratio: '–',
        },
      ],
      notes: [
        `Debian's sshd on a loopback port with a throwaway key; the "host" is a second HOME on this machine, so the times are ssh's and Lobsterpot's own, not a network's (add the round trips of a real link: \`--host\` pays two ssh connections, the naive way one, the kept tunnel none).`,
        '`--host` asks over ssh which supervisor runs there, opens `ssh -N -L`, sends one WebSocket command and closes; the naive way runs the whole `lobsterpot status` there in a new ssh session, which starts Node and reads every profile (with no supervisor there, it acts itself).',
        'Lost: from SIGKILL of the remote `serve` to the `host-changed` event saying lost (the WebSocket closes with the process).',
      ],
    };
  } finally {
    await local.dispose();
    const last = servePid();
    if (last) started.add(last);
    for (const pid of started) signalGroup(pid, 'SIGTERM');
    await remote
      .until('the remote serve to end', () => [...started].every((pid) => !isAlive(pid)), 20_000)
      .catch(() => {
        for (const pid of started) signalGroup(pid, 'SIGKILL');
      });
    await remote.dispose();
    sshd.stop();
  }
}
