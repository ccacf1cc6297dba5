import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandReply } from '../../contract/contract.ts';
import { ControlClient, claimSupervisor, endpointOf, readSupervisorInfo, type SupervisorInfo } from './control.ts';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-control-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A child process that claims `dataDir` and keeps it, saying `claimed` once it has. */
function claimInChild(dataDir: string) {
  return spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { claimSupervisor } = await import(${JSON.stringify(new URL('./control.ts', import.meta.url).href)});
       await claimSupervisor(${JSON.stringify(dataDir)}, 'serve', async () => ({ ok: true, result: null }));
       console.log('claimed'); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
}

const echo = async (command: unknown, args: unknown): Promise<CommandReply> => ({
  ok: true,
  result: { command, args },
});

describe('control endpoint', () => {
  it('lets one supervisor claim a data dir; a second is told where the first is', async () => {
    const dataDir = temp();
    const first = await claimSupervisor(dataDir, 'serve', echo);
    expect('claimed' in first).toBe(true);
    if (!('claimed' in first)) return;
    await first.claimed.setUrl('http://127.0.0.1:1234/?token=t');
    const second = await claimSupervisor(dataDir, 'app', echo);
    expect(second).toEqual({
      running: expect.objectContaining({ pid: process.pid, kind: 'serve', url: 'http://127.0.0.1:1234/?token=t' }),
      answers: true,
    });
    expect(statSync(endpointOf(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'run')).mode & 0o777).toBe(0o700);
    await first.claimed.close();
    expect(await readSupervisorInfo(dataDir)).toBeNull();
  });

  it('carries a command to the supervisor and its reply back', async () => {
    const dataDir = temp();
    const claim = await claimSupervisor(dataDir, 'serve', echo);
    const client = await ControlClient.connect(dataDir);
    expect(client).not.toBeNull();
    expect(await client!.call('gateway.stop', { name: 'alpha' })).toEqual({
      id: 1,
      ok: true,
      result: { command: 'gateway.stop', args: { name: 'alpha' } },
    });
    client!.close();
    if ('claimed' in claim) await claim.claimed.close();
  });

  it('answers malformed lines with an error and keeps the connection', async () => {
    const dataDir = temp();
    const claim = await claimSupervisor(dataDir, 'serve', echo);
    const socket = createConnection(endpointOf(dataDir));
    const replies: unknown[] = [];
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      replies.push(...lines.map((line) => JSON.parse(line)));
    });
    socket.write('not json\nnull\n[1,2]\n{"id":7,"command":"gateway.start","args":{"name":"a"}}\n');
    for (let i = 0; i < 100 && replies.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(replies.slice(0, 3)).toEqual(
      Array(3).fill({ id: null, ok: false, error: expect.objectContaining({ code: 'invalid-argument' }) }),
    );
    expect(replies[3]).toEqual({ id: 7, ok: true, result: { command: 'gateway.start', args: { name: 'a' } } });
    socket.destroy();
    if ('claimed' in claim) await claim.claimed.close();
  });

  it('takes over the socket of a supervisor that died without closing it', async () => {
    const dataDir = temp();
    // A child claims the data dir, then dies by SIGKILL: its socket file stays behind, refusing connections.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { claimSupervisor } = await import(${JSON.stringify(new URL('./control.ts', import.meta.url).href)});
         await claimSupervisor(${JSON.stringify(dataDir)}, 'serve', async () => ({ ok: true, result: null }));
         console.log('claimed'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.toString().includes('claimed') && resolve()),
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await ControlClient.connect(dataDir)).toBeNull();
    const claim = await claimSupervisor(dataDir, 'serve', echo);
    expect('claimed' in claim).toBe(true);
    if ('claimed' in claim) await claim.claimed.close();
  });

  it('a supervisor that did not answer the hello in time (SIGSTOP) was claimed over while its process lived', async () => {
    const dataDir = temp();
    const child = claimInChild(dataDir);
    try {
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => d.toString().includes('claimed') && resolve()),
      );
      process.kill(child.pid!, 'SIGSTOP');
      // No hello comes back from a stopped process: the claim must go by the process that holds it, not by the hello.
      const second = await claimSupervisor(dataDir, 'serve', echo);
      if ('claimed' in second) await second.claimed.close();
      expect(second).toEqual({
        running: expect.objectContaining({ pid: child.pid, kind: 'serve' }),
        answers: false,
        state: process.platform === 'linux' ? 'stopped (SIGSTOP, or a debugger)' : null,
      });
      process.kill(child.pid!, 'SIGCONT');
      const client = await ControlClient.connect(dataDir);
      expect(client?.info.pid).toBe(child.pid);
      client?.close();
    } finally {
      child.kill('SIGKILL');
      process.kill(child.pid!, 'SIGCONT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('a record whose pid now belongs to another process (its start time differs) is taken over', async () => {
    const dataDir = temp();
    // This test's own pid is alive, but it did not start at time 1: the record is stale.
    mkdirSync(join(dataDir, 'run'));
    writeFileSync(
      join(dataDir, 'run', 'supervisor.json'),
      JSON.stringify({ pid: process.pid, startTime: 1, kind: 'serve', url: null, endpoint: 'x', since: 1 }),
    );
    const claim = await claimSupervisor(dataDir, 'serve', echo);
    expect('claimed' in claim).toBe(true);
    if ('claimed' in claim) await claim.claimed.close();
  });

  it('a supervisor whose record another one replaced says it lost its claim, and leaves their files alone', async () => {
    const dataDir = temp();
    const claim = await claimSupervisor(dataDir, 'serve', echo);
    if (!('claimed' in claim)) throw new Error('not claimed');
    const lost = new Promise<SupervisorInfo>((resolve) => claim.claimed.watchClaim(resolve, 60_000));
    expect(await claim.claimed.checkClaim()).toBeNull();
    const other = { ...claim.claimed.info, pid: claim.claimed.info.pid + 1, since: 2 };
    writeFileSync(join(dataDir, 'run', 'supervisor.json'), JSON.stringify(other));
    expect(await lost).toEqual(other);
    await claim.claimed.close();
    expect(await readSupervisorInfo(dataDir)).toEqual(other);
    expect(existsSync(endpointOf(dataDir))).toBe(true);
  });

  it('uses a short socket path when the data dir is too long for one', () => {
    const long = `/tmp/${'x'.repeat(120)}`;
    expect(Buffer.byteLength(endpointOf(long))).toBeLessThan(100);
    expect(endpointOf('C:\\Users\\u\\AppData\\Roaming\\Lobsterpot', 'win32')).toMatch(/^\\\\\.\\pipe\\lobsterpot-/);
  });
});
