import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/node/clock.ts';
import { FakeProcesses } from './testing.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const testFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? testFiles(path) : /\.test\.ts$/.test(entry.name) ? [path] : [];
  });

describe('the one fake process world', () => {
  it('three gateway tests each faked their own children (spawn, exit, signals): only testing.ts makes them', () => {
    const own = [...testFiles(join(root, 'electron')), ...testFiles(join(root, 'tests'))]
      .filter((file) => file !== import.meta.filename && /new Promise<GatewayExit>/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(own).toEqual([]);
  });

  it('spawns on the clock, ends a child on SIGKILL at once and on SIGTERM after its delay, counts who lived', async () => {
    const clock = new FakeClock();
    const processes = new FakeProcesses(clock, { spawnMs: 50, termExitMs: 100 });
    const spawning = processes.effects.spawn();
    await clock.advance(50);
    const first = await spawning;
    const second = processes.effects.spawn();
    await clock.advance(50);
    const { pid } = await second;
    expect([processes.spawns, processes.maxLive, [...processes.live.keys()]]).toEqual([2, 2, [first.pid, pid]]);
    processes.effects.signal(first.pid, 'SIGKILL', true);
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    processes.effects.signal(pid, 'SIGTERM', true);
    expect(processes.effects.isAlive(pid)).toBe(true);
    await clock.advance(100);
    expect(processes.effects.isAlive(pid)).toBe(false);
    expect(processes.find(pid)?.signals).toEqual(['SIGTERM']);
    expect(processes.live.size).toBe(0);
  });
});
