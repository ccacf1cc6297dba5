// Who listens on which TCP port, with the owning pid and command where the OS tells: Linux reads /proc/net/tcp and
// the fds in /proc; macOS asks lsof; Windows netstat.
import { closeSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import type { Listener } from '../../ports/common/findings.ts';
import { commandOf, isAlive, run } from './processes.ts';

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

/**
 * Every listener on one of `ports` (all listeners when `ports` is null), with the owning pid and command where the OS
 * tells. Sockets of processes owned by other users show with a null pid.
 */
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
