// What every benchmark shares: CPU clocks (our own and our waited-for children's), percentiles, a deterministic
// random source, the row type of the table, and running the real OpenClaw CLI the way a user would.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gatewayEnv } from '../electron/gateways/node/env.ts';
import { profileArgs } from '../electron/openclaw/node/openclaw-cli.ts';
import { signalGroup } from '../electron/platform/node/processes.ts';
import { REAL_OPENCLAW } from '../tests/integration/world.ts';

/** One line of the table: Lobsterpot's number, the naive way's number, and how they compare. */
export interface Row {
  measure: string;
  lobsterpot: string;
  naive: string;
  ratio: string;
  /** The target and whether this run met it; empty when the row has none. */
  target?: string;
}

export interface Section {
  title: string;
  rows: Row[];
  /** What was measured and how, in a sentence or two, for BENCHMARKS.md. */
  notes: string[];
}

/** The Linux clock tick of /proc's utime/stime fields (USER_HZ is 100 on every Linux ABI Node runs on). */
const TICK_MS = 10;

/** CPU time of this process so far, in ms (user + system). */
export function selfCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** `/proc/<id>/stat` (`id`: a pid, `self`, or `<pid>/task/<tid>`): the command name and the fields after it. */
export function readStat(id: number | string): { name: string; fields: string[] } {
  const text = readFileSync(`/proc/${id}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: the fields after it start after the last ')'.
  return {
    name: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')),
    fields: text.slice(text.lastIndexOf(')') + 2).split(' '),
  };
}

/** User and system CPU of a process or thread so far, in ms. */
export function cpuOf(id: number | string): { userMs: number; systemMs: number } {
  const { fields } = readStat(id);
  return { userMs: Number(fields[11]) * TICK_MS, systemMs: Number(fields[12]) * TICK_MS };
}

/** CPU time of this process's children (and theirs) that have been waited for, in ms: cutime + cstime. */
export function childrenCpuMs(): number {
  const { fields } = readStat('self');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

/** CPU time of a running process, in ms: utime + stime. */
export function processCpuMs(pid: number): number {
  const { userMs, systemMs } = cpuOf(pid);
  return userMs + systemMs;
}

/** A value from /proc/<pid>/status, in its own unit (kB for memory), or null. */
export function procStatus(pid: number | string, key: string): number | null {
  const match = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : null;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the p95 of 12 samples is the 12th, never an interpolation below the worst ones.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** mulberry32: the same "random" profiles in every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value < 0) return `−${ms(-value)}`;
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  if (value >= 1) return `${value.toFixed(2)} ms`;
  if (value >= 0.01) return `${(value * 1000).toFixed(0)} µs`;
  return `${(value * 1000).toFixed(2)} µs`;
}

export function times(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  if (ratio >= 100) return `${Math.round(ratio).toLocaleString('en-US')}×`;
  if (ratio >= 10) return `${ratio.toFixed(0)}×`;
  return `${ratio.toFixed(1)}×`;
}

export const verdict = (met: boolean, target: string) => `${met ? 'met' : 'MISSED'}: ${target}`;

export const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

export interface CliRun {
  code: number | null;
  wallMs: number;
  /** CPU of the CLI process and everything it waited for. */
  cpuMs: number;
  stdout: string;
}

/**
 * `openclaw --profile <p> <args>` as a user would type it, on the pinned Node, in `home`. Runs one at a time: the CPU
 * is read from this process's waited-for children, so two at once would be counted together.
 */
export async function runOpenClaw(home: string, profile: string, args: string[]): Promise<CliRun> {
  const before = childrenCpuMs();
  const started = performance.now();
  const child = spawn(process.execPath, [REAL_OPENCLAW, ...profileArgs(profile), ...args], {
    cwd: home,
    env: gatewayEnv(process.env, { home, nodeDir: dirname(process.execPath) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.resume();
  // A CLI that hangs past two minutes is ended with its group, so the run can go on.
  const guard = setTimeout(() => child.pid && signalGroup(child.pid, 'SIGKILL'), 120_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(guard);
  const wallMs = performance.now() - started;
  // The exit is reaped before 'exit' fires, so the children's clock already includes it.
  return { code, wallMs, cpuMs: childrenCpuMs() - before, stdout };
}
