// Issue 20, defect 8: a supervisor that did not answer the control hello in time (SIGSTOP here; a paused debugger or
// heavy swap does the same) was claimed over while its process lived, and after SIGCONT both ran. The real `serve`
// and the real CLI as separate processes, in a HOME with no gateway (none is needed to hold the claim).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, signalGroup } from '../../electron/platform/node/processes.ts';
import { ControlClient } from '../../electron/supervisor/node/control.ts';
import { BIN } from './cli.ts';
import { until } from './serve-harness.ts';
import { freePortBlock } from './world.ts';

describe('one supervisor, answering or not', () => {
  const root = mkdtempSync(join(tmpdir(), 'lp-stopped-'));
  for (const dir of ['home', 'data', 'openclaw']) mkdirSync(join(root, dir));
  const dataDir = join(root, 'data');
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OPENCLAW_'))),
    HOME: join(root, 'home'),
    LOBSTERPOT_HOME: dataDir,
    OPENCLAW_HOME: join(root, 'openclaw'),
  };
  const groups: number[] = [];

  const run = (args: string[]) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid) groups.push(child.pid);
    const output = { out: '', err: '', exit: null as number | null | 'signal' };
    child.stdout.on('data', (chunk: Buffer) => (output.out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.err += chunk.toString()));
    child.once('exit', (code) => (output.exit = code ?? 'signal'));
    return { child, output };
  };
  const exited = (process: { output: { exit: number | null | 'signal' } }) =>
    until('the process to exit', () => (process.output.exit === null ? null : { code: process.output.exit }), 30_000);

  afterAll(async () => {
    for (const pid of groups) {
      signalGroup(pid, 'SIGCONT');
      signalGroup(pid, 'SIGKILL');
    }
    for (const pid of groups) await until(`${pid} to end`, () => !isAlive(pid), 10_000).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it('a SIGSTOPped serve was claimed over while its process lived: the second refuses, naming the first, and after SIGCONT one supervisor runs', async () => {
    const first = run(['serve', '--port', String(await freePortBlock(10))]);
    const url = await until(
      'the first serve URL',
      () => /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(first.output.out)?.[0],
      30_000,
    );
    const firstPid = first.child.pid as number;
    signalGroup(firstPid, 'SIGSTOP');
    let child: ChildProcess | undefined;
    try {
      const second = run(['serve', '--port', String(await freePortBlock(10))]);
      child = second.child;
      expect(await exited(second)).toEqual({ code: 1 });
      expect(second.output.err).toContain(`pid ${firstPid}`);
      expect(second.output.err).toContain('does not answer');
      expect(second.output.out).not.toMatch(/serving on/);
      // The CLI does not act alone beside it either: that would be a second decider once it answers again.
      const cli = run(['status']);
      expect(await exited(cli)).toEqual({ code: 1 });
      expect(cli.output.err).toContain(`pid ${firstPid}`);
      expect(cli.output.err).toContain('does not answer');
    } finally {
      signalGroup(firstPid, 'SIGCONT');
    }
    expect(child && isAlive(child.pid as number)).toBe(false);
    const client = await ControlClient.connect(dataDir, 5_000);
    expect(client?.info).toMatchObject({ pid: firstPid, url });
    client?.close();
    expect(first.output.exit).toBeNull();
    expect(first.output.err).not.toContain('lost its claim');
  });
});
