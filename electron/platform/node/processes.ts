// Who listens on which TCP port (pid and command), process liveness, groups and identity (start time, argv). Linux
// reads /proc; macOS asks lsof and ps; Windows netstat, PowerShell and taskkill.
import { execFile } from 'node:child_process';
import { closeSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import type { Listener } from '../../ports/common/conflicts.ts';

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

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: 5000, maxBuffer: 8 * 1024 * 1024, windowsHide: true, env: env && { ...process.env, ...env } },
      (error, stdout) => resolve(error && !stdout ? null : stdout),
    );
  });
}

/**
 * A /proc/net/tcp table up to its last listening socket. The kernel lists the listening sockets first, then one row per
 * connection: reads that stop at the first of those skip them (a host with 2,000 connections: 0.2–0.5 ms instead of
 * 22–27 ms for a whole read here). The kernel's step past the last listening socket still walks its connection hash.
 */
function listeningRows(table: string): string {
  // procfs is memory, not disk: read synchronously, it costs no hand-off to a worker thread and back (two wake-ups).
  const fd = openSync(table, 'r');
  try {
    const chunk = Buffer.allocUnsafe(4096);
    let text = '';
    let checked = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return text;
      text += chunk.toString('latin1', 0, read);
      let newline: number;
      while ((newline = text.indexOf('\n', checked)) >= 0) {
        // The header's fourth field is `rem_address`; a row's is its state, 0A for LISTEN.
        if (checked > 0 && text.slice(checked, newline).trim().split(/\s+/)[3] !== '0A') return text.slice(0, checked);
        checked = newline + 1;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Listening TCP ports from /proc/net/tcp{,6}: port → socket inodes. */
async function linuxListeningSockets(): Promise<Map<number, Set<string>>> {
  const sockets = new Map<number, Set<string>>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = listeningRows(table);
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== '0A') continue; // LISTEN
      const port = parseInt(fields[1]?.split(':')[1] ?? '', 16);
      const inode = fields[9];
      if (!Number.isInteger(port) || !inode) continue;
      const set = sockets.get(port) ?? new Set();
      set.add(inode);
      sockets.set(port, set);
    }
  }
  return sockets;
}

/**
 * Socket inode → owning pid from earlier scans, or null when no visible process held it (another user's, say). A
 * listening socket keeps its inode for life and inodes are not reused while it exists, so a known owner that is still
 * alive is still the owner: only new sockets cost a scan of /proc.
 */
const knownOwners = new Map<string, number | null>();
/** `inode:pid` → the owner's command line, read once per socket and owner (it was a file read per rescan). */
const knownCommands = new Map<string, string | null>();

async function linuxSocketOwners(inodes: Set<string>): Promise<Map<string, number>> {
  const owners = new Map<string, number>();
  const unknown = new Set<string>();
  for (const inode of inodes) {
    const pid = knownOwners.get(inode);
    if (pid === null) continue;
    if (pid !== undefined && isAlive(pid)) owners.set(inode, pid);
    else unknown.add(inode);
  }
  if (unknown.size === 0) return owners;
  const found = scanSocketOwners(unknown);
  for (const inode of unknown) {
    const pid = found.get(inode) ?? null;
    knownOwners.set(inode, pid);
    if (pid !== null) owners.set(inode, pid);
  }
  return owners;
}

/**
 * Reads every process's fds until each inode has an owner (sockets of other users' processes stay unknown). Newest
 * pids first: a socket not known yet mostly belongs to a process started lately (a gateway), so the walk ends early.
 * procfs is memory: read at once, each of the thousands of links costs no round trip through a worker thread.
 */
function scanSocketOwners(inodes: Set<string>): Map<string, number> {
  const owners = new Map<string, number>();
  const pids = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a));
  for (const entry of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode) && !owners.has(inode)) owners.set(inode, Number(entry));
    }
    if (owners.size === inodes.size) break;
  }
  return owners;
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

/**
 * Every listener on one of `ports` (all listeners when `ports` is null), with the owning pid and command where the OS
 * tells. Sockets of processes owned by other users show with a null pid.
 */
/** The last read of the socket table: a host with thousands of connections makes each read cost tens of ms. */
let lastTable: { at: number; ports: number[] } | null = null;

/**
 * Every listening TCP port on the host, without asking who holds it. It reuses a table read in the last second (the
 * Manager's scan has just read it), so watching the whole host costs no second read of /proc/net/tcp.
 */
export async function listeningPorts(): Promise<number[]> {
  if (lastTable && Date.now() - lastTable.at < 1000) return lastTable.ports;
  if (process.platform === 'linux') {
    const ports = [...(await linuxListeningSockets()).keys()].sort((a, b) => a - b);
    lastTable = { at: Date.now(), ports };
    return ports;
  }
  return (await listListeners()).map((l) => l.port);
}

export async function listListeners(ports: ReadonlySet<number> | null = null): Promise<Listener[]> {
  const listeners: Listener[] = [];
  if (process.platform === 'linux') {
    const sockets = await linuxListeningSockets();
    lastTable = { at: Date.now(), ports: [...sockets.keys()].sort((a, b) => a - b) };
    // Forget the owners of sockets that are no longer listening.
    const listening = new Set([...sockets.values()].flatMap((set) => [...set]));
    for (const inode of knownOwners.keys()) if (!listening.has(inode)) knownOwners.delete(inode);
    for (const key of knownCommands.keys()) if (!listening.has(key.split(':')[0] as string)) knownCommands.delete(key);
    const wanted = new Map([...sockets].filter(([port]) => ports === null || ports.has(port)));
    const owners = await linuxSocketOwners(new Set([...wanted.values()].flatMap((set) => [...set])));
    for (const [port, inodes] of wanted) {
      const inode = [...inodes].find((each) => owners.get(each) !== undefined);
      const pid = inode === undefined ? null : (owners.get(inode) ?? null);
      const key = `${inode}:${pid}`;
      let command = pid === null ? null : knownCommands.get(key);
      if (command === undefined && pid !== null) {
        command = await commandOf(pid);
        knownCommands.set(key, command);
      }
      listeners.push({ port, pid, command: command ?? null });
    }
  } else if (process.platform === 'darwin') {
    const out = (await run('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-FpcPn'])) ?? '';
    let pid: number | null = null;
    let command: string | null = null;
    const seen = new Set<number>();
    for (const line of out.split('\n')) {
      if (line.startsWith('p')) pid = Number(line.slice(1));
      else if (line.startsWith('c')) command = line.slice(1);
      else if (line.startsWith('n')) {
        const port = Number(/:(\d+)$/.exec(line)?.[1]);
        if (Number.isInteger(port) && !seen.has(port) && (ports === null || ports.has(port))) {
          seen.add(port);
          listeners.push({ port, pid, command: pid ? ((await commandOf(pid)) ?? command) : command });
        }
      }
    }
  } else if (process.platform === 'win32') {
    const out = (await run('netstat', ['-ano', '-p', 'TCP'])) ?? '';
    for (const line of out.split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== 'LISTENING') continue;
      const port = Number(/:(\d+)$/.exec(fields[1] ?? '')?.[1]);
      if (Number.isInteger(port) && (ports === null || ports.has(port)) && !listeners.some((l) => l.port === port)) {
        listeners.push({ port, pid: Number(fields[4]) || null, command: null });
      }
    }
  }
  return listeners.sort((a, b) => a.port - b.port);
}
