// CPU and memory of a gateway's whole process group (the gateway, its broker, a Chrome it drives), read from /proc on
// Linux. Sampled only when someone asks (the details view polls while it is open), and at most once a second.
import { readdir, readFile } from 'node:fs/promises';
import { systemClock, type Clock } from '../../platform/node/clock.ts';
import { procStatFields } from '../../platform/node/processes.ts';

/** The fields of /proc/<pid>/stat a sample needs, or null when the text is not a stat line. */
export function parseStatSample(text: string): { pgrp: number; cpuTicks: number; rssPages: number } | null {
  // The first field after the command is field 3 (state): pgrp is 5, utime 14, stime 15, rss 24.
  const fields = procStatFields(text);
  if (!fields) return null;
  const pgrp = Number(fields[2]);
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  const rssPages = Number(fields[21]);
  if (![pgrp, cpuTicks, rssPages].every(Number.isFinite)) return null;
  return { pgrp, cpuTicks, rssPages };
}

export interface GroupSample {
  pgid: number;
  cpuTicks: number;
  rssBytes: number;
  processes: number;
}

/** Linux's USER_HZ: 100 on every architecture Node runs on, and what /proc's tick counts are in. */
const TICKS_PER_SECOND = 100;

let pageSize: number | null = null;

/** The page size, from this process's own RSS in kB (status) and in pages (statm): no `getconf` to spawn. */
async function linuxPageSize(): Promise<number> {
  if (pageSize !== null) return pageSize;
  const [status, statm] = await Promise.all([
    readFile('/proc/self/status', 'utf8'),
    readFile('/proc/self/statm', 'utf8'),
  ]);
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  const pages = Number(statm.split(' ')[1]);
  const measured = kb > 0 && pages > 0 ? (kb * 1024) / pages : 4096;
  // Rounded to the nearest power of two: the two reads are a few microseconds apart and RSS may move between them.
  pageSize = 2 ** Math.round(Math.log2(measured));
  return pageSize;
}

/** One reading of every process in the group `pgid`; null off Linux or when the group has no process left. */
export async function sampleGroup(pgid: number): Promise<GroupSample | null> {
  if (process.platform !== 'linux') return null;
  const page = await linuxPageSize();
  const entries = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const stats = await Promise.all(
    entries.map((entry) =>
      readFile(`/proc/${entry}/stat`, 'utf8').then(
        (text) => parseStatSample(text),
        () => null, // gone meanwhile
      ),
    ),
  );
  let cpuTicks = 0;
  let rssPages = 0;
  let processes = 0;
  for (const stat of stats) {
    if (stat?.pgrp !== pgid) continue;
    cpuTicks += stat.cpuTicks;
    rssPages += stat.rssPages;
    processes++;
  }
  return processes ? { pgid, cpuTicks, rssBytes: rssPages * page, processes } : null;
}

export interface ResourceReading {
  /** Percent of one core since the previous reading; null on the first. */
  cpuPercent: number | null;
  rssBytes: number;
  processes: number;
  sampledAt: number;
}

/**
 * Samples one process group on demand. Asked again within `minIntervalMs` it answers the last reading, so any number
 * of viewers cost one /proc walk a second; nobody asking costs nothing (there is no timer).
 */
export class ResourceSampler {
  readonly #clock: Clock;
  readonly #minIntervalMs: number;
  readonly #sample: (pgid: number) => Promise<GroupSample | null>;
  #last: { pgid: number; cpuTicks: number; reading: ResourceReading } | null = null;
  #pending: Promise<ResourceReading | null> | null = null;

  constructor(
    options: { clock?: Clock; minIntervalMs?: number; sample?: (pgid: number) => Promise<GroupSample | null> } = {},
  ) {
    this.#clock = options.clock ?? systemClock;
    this.#minIntervalMs = options.minIntervalMs ?? 1000;
    this.#sample = options.sample ?? sampleGroup;
  }

  read(pgid: number): Promise<ResourceReading | null> {
    const last = this.#last;
    if (last?.pgid === pgid && this.#clock.now() - last.reading.sampledAt < this.#minIntervalMs)
      return Promise.resolve(last.reading);
    this.#pending ??= this.#read(pgid).finally(() => (this.#pending = null));
    return this.#pending;
  }

  async #read(pgid: number): Promise<ResourceReading | null> {
    const sample = await this.#sample(pgid);
    const now = this.#clock.now();
    if (!sample) {
      this.#last = null;
      return null;
    }
    const previous = this.#last?.pgid === pgid ? this.#last : null;
    const seconds = previous ? (now - previous.reading.sampledAt) / 1000 : 0;
    // A process that left the group takes its ticks along: the delta can dip below zero for one reading.
    const cpuPercent =
      previous && seconds > 0
        ? Math.max(0, ((sample.cpuTicks - previous.cpuTicks) / TICKS_PER_SECOND / seconds) * 100)
        : null;
    const reading = { cpuPercent, rssBytes: sample.rssBytes, processes: sample.processes, sampledAt: now };
    this.#last = { pgid, cpuTicks: sample.cpuTicks, reading };
    return reading;
  }
}
