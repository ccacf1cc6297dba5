import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isAlive,
  parseProcCmdline,
  parseProcStat,
  parsePsLine,
  processFacts,
  signalGroup,
  splitWindowsCommandLine,
  treeKillCommand,
} from './processes.ts';

/** A detached child (its own process group) that lives until the test kills it. */
const started: ChildProcess[] = [];
function start(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  started.push(child);
  return child;
}

afterEach(async () => {
  for (const child of started.splice(0)) {
    const pid = child.pid as number;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signalGroup(pid, 'SIGKILL');
      await exited;
    }
    expect(isAlive(pid)).toBe(false);
  }
});

const waitForSpawn = (child: ChildProcess) =>
  new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });

describe('processFacts', () => {
  it.runIf(process.platform === 'linux')(
    'reads start time (boot ticks, as in a gateway lock), argv and group from /proc',
    async () => {
      const child = start('sleep', ['300']);
      await waitForSpawn(child);
      const pid = child.pid as number;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const facts = await processFacts(pid);
      expect(facts).toEqual({
        pid,
        startTime: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]),
        argv: expect.arrayContaining(['300']),
        pgid: pid,
      });
      expect(facts?.argv.at(-1)).toBe('300');
      expect((await processFacts(pid))?.startTime).toBe(facts?.startTime);
      const self = await processFacts(process.pid);
      expect(self?.startTime).toBeLessThanOrEqual(facts?.startTime as number);
    },
  );

  it.runIf(process.platform === 'linux')(
    'shows a retitled process by its title alone, as a real gateway shows `openclaw-gateway`',
    async () => {
      const child = spawn(
        process.execPath,
        ['-e', "process.title = 'openclaw-gateway'; console.log('titled'); setInterval(() => {}, 1000);"],
        { detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      started.push(child);
      await new Promise((resolve) => child.stdout?.once('data', resolve));
      expect((await processFacts(child.pid as number))?.argv).toEqual(['openclaw-gateway']);
    },
  );

  it.runIf(process.platform !== 'win32')('reads the same facts through ps, in epoch seconds', async () => {
    const child = start('sleep', ['301']);
    await waitForSpawn(child);
    const pid = child.pid as number;
    const facts = await processFacts(pid, 'darwin');
    expect(facts).toMatchObject({ pid, pgid: pid });
    expect(facts?.argv.at(-1)).toBe('301');
    // Started within the last minute, at second precision.
    expect(Math.abs((facts?.startTime as number) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('is null for a pid that is not running', async () => {
    const child = start(process.execPath, ['-e', '']);
    const pid = child.pid as number;
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await processFacts(pid)).toBeNull();
    expect(await processFacts(0)).toBeNull();
    expect(await processFacts(-1)).toBeNull();
  });

  it('parses what each platform prints', () => {
    expect(
      parseProcStat(
        '7045 (openclaw-gatewa) S 7044 7032 7032 0 -1 4194560 305386 136786 0 0 825 139 141 50 20 0 15 0 24085 4770205696',
      ),
    ).toEqual({ pgid: 7032, startTime: 24085 });
    expect(parseProcStat('12 (a) b) (c) S 1 12 12 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0')).toEqual({
      pgid: 12,
      startTime: 99,
    });
    expect(parseProcStat('garbage')).toBeNull();
    expect(parseProcCmdline('openclaw-gateway' + '\0'.repeat(80))).toEqual(['openclaw-gateway']);
    expect(parseProcCmdline('node\0/x/openclaw.mjs\0--profile\0t\0gateway\0run\0')).toEqual([
      'node',
      '/x/openclaw.mjs',
      '--profile',
      't',
      'gateway',
      'run',
    ]);
    expect(parsePsLine('Sun Nov 29 11:00:43 2026  7032 openclaw-gateway')).toEqual({
      startTime: Date.UTC(2026, 10, 29, 11, 0, 43) / 1000,
      pgid: 7032,
      argv: ['openclaw-gateway'],
    });
    expect(parsePsLine('Mon Nov  3 09:05:01 2026   88 node /a/openclaw.mjs gateway run')?.argv).toEqual([
      'node',
      '/a/openclaw.mjs',
      'gateway',
      'run',
    ]);
    expect(
      splitWindowsCommandLine('"C:\\Program Files\\nodejs\\node.exe" C:\\oc\\openclaw.mjs --profile "a b" gateway run'),
    ).toEqual(['C:\\Program Files\\nodejs\\node.exe', 'C:\\oc\\openclaw.mjs', '--profile', 'a b', 'gateway', 'run']);
    expect(splitWindowsCommandLine('x "" \\"y\\"')).toEqual(['x', '', '"y"']);
  });
});

describe('signalGroup on Windows', () => {
  it('stops the tree with taskkill /T /F, without a shell, and refuses signals it cannot honour', () => {
    const runs: { command: string; args: string[] }[] = [];
    const record = (command: string, args: string[]) => runs.push({ command, args });
    expect(signalGroup(process.pid, 'SIGKILL', 'win32', record)).toBe(true);
    expect(signalGroup(process.pid, 'SIGTERM', 'win32', record)).toBe(true);
    expect(signalGroup(process.pid, 'SIGUSR2', 'win32', record)).toBe(false);
    expect(runs).toEqual([
      { command: 'taskkill', args: ['/PID', String(process.pid), '/T', '/F'] },
      { command: 'taskkill', args: ['/PID', String(process.pid), '/T', '/F'] },
    ]);
    expect(treeKillCommand(42)).toEqual({ command: 'taskkill', args: ['/PID', '42', '/T', '/F'] });
  });
});
