// Process liveness, groups, signals and identity (start time, argv, command). Linux reads /proc; macOS asks ps;
// Windows PowerShell and taskkill. Who listens on which port is sockets.ts.
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Windows has no process groups: stopping a gateway's group means killing the tree rooted at its pid. */
export function treeKillCommand(pid: number): { command: string; args: string[] } {
  return { command: 'taskkill', args: ['/PID', String(pid), '/T', '/F'] };
}

/** Signals Windows can honour as "stop": it has no graceful SIGTERM for a console process, so each ends the tree. */
const WINDOWS_STOP_SIGNALS = new Set<NodeJS.Signals>(['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP']);

const runQuietly = (command: string, args: string[]) => {
  execFile(command, args, { timeout: 10_000, windowsHide: true }, () => {
    // the caller checks that the process went away
  });
};

/**
 * Sends a signal to a whole process group; false when the group is already gone. On Windows a stop signal runs
 * `taskkill /PID <pid> /T /F` (no shell) and any other signal is refused; the caller waits for the exit as anywhere.
 */
export function signalGroup(
  pgid: number,
  signal: NodeJS.Signals,
  platform: NodeJS.Platform = process.platform,
  run: (command: string, args: string[]) => void = runQuietly,
): boolean {
  if (platform === 'win32') {
    if (!WINDOWS_STOP_SIGNALS.has(signal) || !isAlive(pgid)) return false;
    const { command, args } = treeKillCommand(pgid);
    run(command, args);
    return true;
  }
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Signals the group led by `pid`, or the process alone when it leads no group of its own. */
export function signalProcess(pid: number, signal: NodeJS.Signals, group: boolean): void {
  if (group) {
    signalGroup(pid, signal);
    return;
  }
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

/** The process group of a pid (Linux: /proc, elsewhere: ps), or null when it is gone. */
export async function processGroupOf(pid: number): Promise<number | null> {
  if (process.platform === 'linux') {
    try {
      return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'))?.pgid ?? null;
    } catch {
      return null;
    }
  }
  const out = await run('ps', ['-o', 'pgid=', '-p', String(pid)]);
  const pgid = Number(out?.trim());
  return Number.isInteger(pgid) && pgid > 0 ? pgid : null;
}

/**
 * What identifies a process beyond its pid, which the OS reuses. `startTime` is in the unit OpenClaw writes into its
 * gateway lock on the same platform, so the two compare directly: Linux clock ticks since boot (/proc stat field 22),
 * macOS and other Unixes epoch seconds (`ps` lstart read in UTC), Windows epoch milliseconds. A comparison is only
 * meaningful between values read from the same source on the same host.
 */
export interface ProcessFacts {
  pid: number;
  startTime: number | null;
  /** The command line as the process shows it now: a gateway sets its title, so it reads `openclaw-gateway`. */
  argv: string[];
  pgid: number | null;
}

/** The fields of a /proc/<pid>/stat line from field 3 (state) on: after the command, which may hold spaces and `)`. */
export function procStatFields(text: string): string[] | null {
  const end = text.lastIndexOf(')');
  return end < 0
    ? null
    : text
        .slice(end + 1)
        .trim()
        .split(/\s+/);
}

/** The process group and start time of a /proc/<pid>/stat line. */
export function parseProcStat(text: string): { pgid: number; startTime: number } | null {
  // Field 3 (state) is the first after the command: pgrp is field 5, starttime field 22.
  const fields = procStatFields(text);
  if (!fields) return null;
  const pgid = Number(fields[2]);
  const startTime = Number(fields[19]);
  if (!Number.isInteger(pgid) || !Number.isInteger(startTime)) return null;
  return { pgid, startTime };
}

/** /proc/<pid>/cmdline: NUL-separated; a retitled process leaves a run of NULs after its title. */
export function parseProcCmdline(raw: string): string[] {
  const argv = raw.split('\0');
  while (argv.length && argv.at(-1) === '') argv.pop();
  return argv;
}

/** One line of `ps -o lstart= -o pgid= -o command=` (one -o each, as BSD ps wants) run with LC_ALL=C, TZ=UTC. */
export function parsePsLine(line: string): { startTime: number | null; pgid: number | null; argv: string[] } | null {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 7) return null;
  const started = Date.parse(`${fields.slice(0, 5).join(' ')} UTC`);
  const pgid = Number(fields[5]);
  return {
    startTime: Number.isFinite(started) ? Math.floor(started / 1000) : null,
    pgid: Number.isInteger(pgid) && pgid > 0 ? pgid : null,
    // ps prints the command line flat: split on blanks, as OpenClaw itself does there.
    argv: fields.slice(6),
  };
}

/** A Windows command line split the way most programs' C runtime splits it (quotes group, `\"` escapes). */
export function splitWindowsCommandLine(line: string): string[] {
  const argv: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (char === '\\' && line[i + 1] === '"') {
      current += '"';
      started = true;
      i++;
    } else if (char === '"') {
      quoted = !quoted;
      started = true;
    } else if (/\s/.test(char) && !quoted) {
      if (started) argv.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) argv.push(current);
  return argv;
}

/** The facts of a live process, or null when there is none with that pid (or the OS would not say). */
export async function processFacts(
  pid: number,
  platform: NodeJS.Platform = process.platform,
): Promise<ProcessFacts | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (platform === 'linux') {
    try {
      const [stat, cmdline] = await Promise.all([
        readFile(`/proc/${pid}/stat`, 'utf8'),
        readFile(`/proc/${pid}/cmdline`, 'utf8'),
      ]);
      const parsed = parseProcStat(stat);
      return { pid, startTime: parsed?.startTime ?? null, argv: parseProcCmdline(cmdline), pgid: parsed?.pgid ?? null };
    } catch {
      return null;
    }
  }
  if (platform === 'win32') {
    const script =
      `$p = Get-CimInstance Win32_Process -Filter "ProcessId=${pid}"; if ($p) { ` +
      `$s = [System.Diagnostics.Process]::GetProcessById(${pid}); ` +
      `[Console]::Out.WriteLine($s.StartTime.ToUniversalTime().ToString("o")); [Console]::Out.Write($p.CommandLine) }`;
    const out = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]);
    if (!out?.trim()) return null;
    const [started = '', ...command] = out.split(/\r?\n/);
    const startTime = Date.parse(started.trim());
    return {
      pid,
      startTime: Number.isFinite(startTime) ? startTime : null,
      argv: splitWindowsCommandLine(command.join(' ')),
      pgid: null,
    };
  }
  const out = await run('ps', ['-o', 'lstart=', '-o', 'pgid=', '-o', 'command=', '-p', String(pid)], {
    LC_ALL: 'C',
    TZ: 'UTC',
  });
  const parsed = out ? parsePsLine(out.split('\n')[0] ?? '') : null;
  return parsed ? { pid, ...parsed } : null;
}

/** What the OS says of a live process that does not answer (Linux's /proc state letter, in words); null elsewhere. */
export async function processStateOf(
  pid: number,
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  if (platform !== 'linux') return null;
  try {
    return describeProcState(procStatFields(await readFile(`/proc/${pid}/stat`, 'utf8'))?.[0] ?? '');
  } catch {
    return null;
  }
}

/** Linux's process state letters, as a person reads them. */
export function describeProcState(letter: string): string | null {
  const words: Record<string, string> = {
    R: 'running',
    S: 'sleeping',
    D: 'waiting on the disk',
    T: 'stopped (SIGSTOP, or a debugger)',
    t: 'stopped by a debugger',
    Z: 'a zombie (it has exited)',
    X: 'dead',
  };
  return words[letter] ?? null;
}

/** Pids of every live process in a group (Linux only; elsewhere an empty list). */
export async function processesInGroup(pgid: number): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if ((await processGroupOf(Number(entry))) === pgid) pids.push(Number(entry));
  }
  return pids;
}

/** A command's output, or null when it failed with none (bounded in time and size). */
export function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: 5000, maxBuffer: 8 * 1024 * 1024, windowsHide: true, env: env && { ...process.env, ...env } },
      (error, stdout) => resolve(error && !stdout ? null : stdout),
    );
  });
}

export async function commandOf(pid: number): Promise<string | null> {
  if (process.platform === 'linux') {
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean).join(' ');
      if (cmdline) return cmdline;
      return (await readFile(`/proc/${pid}/comm`, 'utf8')).trim() || null;
    } catch {
      return null;
    }
  }
  return (await run('ps', ['-o', 'command=', '-p', String(pid)]))?.trim() || null;
}
