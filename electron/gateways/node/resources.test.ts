import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../platform/node/clock.ts';
import { parseStatSample, ResourceSampler, sampleGroup, type GroupSample } from './resources.ts';

const linux = process.platform === 'linux';
let leader: ChildProcess | null = null;

afterEach(() => {
  if (leader?.pid) {
    try {
      process.kill(-leader.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  leader = null;
});

/** A process group of two: a leader holding ~64 MB and spinning a core, and an idle child of it. */
function busyGroup(): ChildProcess {
  const script = `
    const { spawn } = require('node:child_process');
    spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const held = Buffer.alloc(64 * 1024 * 1024, 1);
    process.stdout.write('up\\n');
    for (;;) held[Math.floor(Math.random() * held.length)]++;
  `;
  return spawn(process.execPath, ['-e', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
}

describe('resources', () => {
  it('parses the fields of /proc/<pid>/stat it needs, whatever the command holds', () => {
    const line =
      '4242 (node (gateway) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 50 0 0 20 0 11 0 12345 1000000 2500 18446744073709551615';
    expect(parseStatSample(line)).toEqual({ pgrp: 4242, cpuTicks: 200, rssPages: 2500 });
    expect(parseStatSample('garbage')).toBeNull();
  });

  it.runIf(linux)('reads the CPU and memory of a real process group, its children included', async () => {
    leader = busyGroup();
    await new Promise((resolve) => leader?.stdout?.once('data', resolve));
    const pgid = leader.pid as number;
    await vi.waitFor(async () => expect((await sampleGroup(pgid))?.processes).toBe(2), { timeout: 10_000 });
    const sample = (await sampleGroup(pgid)) as GroupSample;
    expect(sample.rssBytes).toBeGreaterThan(64 * 1024 * 1024);
    const sampler = new ResourceSampler({ minIntervalMs: 200 });
    expect((await sampler.read(pgid))?.cpuPercent).toBeNull(); // a rate needs two readings
    await vi.waitFor(
      async () => {
        const reading = await sampler.read(pgid);
        expect(reading?.cpuPercent).toBeGreaterThan(30);
      },
      { timeout: 15_000, interval: 300 },
    );
  });

  it.runIf(linux)('reads nothing of a group that has no process', async () => {
    expect(await sampleGroup(2 ** 22 + 12345)).toBeNull();
  });

  it('samples at most once per interval, however many ask', async () => {
    const clock = new FakeClock();
    let reads = 0;
    const sampler = new ResourceSampler({
      clock,
      sample: async (pgid) => ({ pgid, cpuTicks: 100 * ++reads, rssBytes: 1, processes: 1 }),
    });
    await Promise.all([sampler.read(7), sampler.read(7), sampler.read(7)]);
    await clock.advance(500);
    await sampler.read(7);
    expect(reads).toBe(1);
    await clock.advance(500);
    // One more core-second of ticks in one second: 100 %.
    expect((await sampler.read(7))?.cpuPercent).toBe(100);
    expect(reads).toBe(2);
  });
});
