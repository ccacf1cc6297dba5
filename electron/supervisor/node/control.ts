// One supervisor per host (per Lobsterpot data dir): the app or `lobsterpot serve`, whichever runs first, claims a
// control endpoint — a Unix socket (a named pipe on Windows) in an owner-only folder of the data dir — and decides
// alone; the CLI sends its commands there, as `docker` talks to `dockerd`. The claim is held by the living process:
// `run/supervisor.json` names its pid with the OS's start time of that pid, and while that process lives (answering or
// not: stopped with SIGSTOP, paused in a debugger, swapped out) nobody else claims. Only a dead holder's (or a reused
// pid's) record is taken over. The claim itself runs under a lock so two claims cannot both win; a supervisor that
// finds the record naming another one has lost its claim (`watchClaim`).
import { rmSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CommandReply } from '../../contract/contract.ts';
// Straight from fs-atomic: the settings module would load conf and ajv into every CLI command.
import { writeFileAtomic } from '../../platform/node/fs-atomic.ts';
// The client's path (connect, hello, a command) loads neither the claim's lock nor the process table (child_process).
const processes = () => import('../../platform/node/processes.ts');

export interface SupervisorInfo {
  pid: number;
  /** The OS's start time of `pid` (processes.ts): with the pid, what tells the living holder from a reused pid. */
  startTime?: number | null;
  kind: 'serve' | 'app';
  /** Where its window is (serve's URL with the token; the file holding it is owner-only). */
  url: string | null;
  endpoint: string;
  since: number;
}

/** `author`: who the client says acts (`mcp (rescue)`), recorded with a person's intent; checked at the door. */
export type CommandHandler = (command: unknown, args: unknown, author?: string) => Promise<CommandReply>;

/** An author a client may name: short words, a profile in brackets (`mcp (rescue)`); anything else is dropped. */
export const authorOf = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[a-z][\w-]{0,31}( \([A-Za-z0-9][\w-]{0,63}\))?$/.test(value) ? value : undefined;

const HELLO = 'control.hello';
/** The control socket carries commands and snapshots; a line larger than this is a broken client. */
const MAX_LINE = 16 * 1024 * 1024;

/** The endpoint's address: a socket in the data dir (a temp path when that is too long for a socket), or a pipe. */
export function endpointOf(dataDir: string, platform = process.platform): string {
  // node:crypto costs a command ~10 ms to load: only a pipe or a too-long socket path needs the hash.
  const hash = () =>
    process.getBuiltinModule('node:crypto').createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\lobsterpot-${hash()}`;
  const inDataDir = join(dataDir, 'run', 'control.sock');
  // sockaddr_un holds 104–108 bytes.
  return Buffer.byteLength(inDataDir) < 100 ? inDataDir : join(tmpdir(), `lobsterpot-${hash()}.sock`);
}

const infoFileOf = (dataDir: string) => join(dataDir, 'run', 'supervisor.json');

/** Reads newline-delimited JSON from a socket, each message to `onMessage`; an over-long line ends the socket. */
function readLines(socket: Socket, onMessage: (message: unknown) => void) {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    if (buffered.length > MAX_LINE) {
      socket.destroy();
      return;
    }
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        message = undefined;
      }
      onMessage(message);
    }
  });
}

export class ControlClient {
  readonly info: SupervisorInfo;
  readonly #socket: Socket;
  readonly #pending = new Map<number, (reply: CommandReply) => void>();
  #nextId = 1;

  private constructor(socket: Socket, info: SupervisorInfo) {
    this.#socket = socket;
    this.info = info;
    readLines(socket, (message) => {
      const reply = message as (CommandReply & { id?: unknown }) | undefined;
      if (!reply || typeof reply.id !== 'number') return;
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
    socket.on('close', () => {
      for (const done of this.#pending.values())
        done({ ok: false, error: { code: 'failed', message: 'the Lobsterpot supervisor went away' } });
      this.#pending.clear();
    });
  }

  /** Connects to the running supervisor, or null when none answers (within `timeoutMs`). */
  static async connect(dataDir: string, timeoutMs = 2000): Promise<ControlClient | null> {
    const socket = await new Promise<Socket | null>((resolve) => {
      const s = createConnection(endpointOf(dataDir));
      const timer = setTimeout(() => {
        s.destroy();
        resolve(null);
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
    if (!socket) return null;
    socket.on('error', () => undefined);
    const client = new ControlClient(socket, { pid: 0, kind: 'serve', url: null, endpoint: '', since: 0 });
    const hello = await Promise.race([
      client.call(HELLO, {}),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref()),
    ]);
    if (!hello || !hello.ok) {
      client.close();
      return null;
    }
    return new ControlClient(client.#detach(), hello.result as SupervisorInfo);
  }

  #detach(): Socket {
    this.#socket.removeAllListeners('data');
    this.#socket.removeAllListeners('close');
    return this.#socket;
  }

  call(command: string, args: unknown, author?: string): Promise<CommandReply> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#socket.write(`${JSON.stringify({ id, command, args, ...(author ? { author } : {}) })}\n`);
    });
  }

  close(): void {
    this.#socket.end();
    this.#socket.destroy();
  }
}

export class ControlEndpoint {
  readonly #server: Server;
  readonly #dataDir: string;
  #info: SupervisorInfo;
  #watch: ReturnType<typeof setInterval> | null = null;
  #watcher: FSWatcher | null = null;
  /** Lost to another supervisor: its socket and record are not ours to remove. */
  #lost = false;
  readonly #onExit = () => this.#removeSync();

  constructor(server: Server, dataDir: string, info: SupervisorInfo) {
    this.#server = server;
    this.#dataDir = dataDir;
    this.#info = info;
    // A process that ends without close() (process.exit, a fatal error) leaves no record or socket behind.
    process.on('exit', this.#onExit);
  }

  get info(): SupervisorInfo {
    return this.#info;
  }

  /** Says where the window is (serve knows its URL once it listens). */
  async setUrl(url: string): Promise<void> {
    this.#info = { ...this.#info, url };
    await writeFileAtomic(infoFileOf(this.#dataDir), JSON.stringify(this.#info));
  }

  /**
   * Looks whether the record still names this process whenever the run folder changes (and every `everyMs`, in case
   * an event is missed); when another supervisor's record replaced it (a claim that raced this one), `onLost` is told
   * who holds it now, once. A removed record is written again.
   */
  watchClaim(onLost: (holder: SupervisorInfo) => void, everyMs = 60_000): void {
    this.#stopWatching();
    let looking = false;
    const look = () => {
      if (looking || this.#lost) return;
      looking = true;
      void this.checkClaim()
        .then((holder) => {
          if (!holder) return;
          this.#stopWatching();
          onLost(holder);
        })
        .finally(() => (looking = false));
    };
    try {
      // A file event costs nothing while idle; the record is replaced by a rename, so the folder is what is watched.
      this.#watcher = watch(dirname(infoFileOf(this.#dataDir)), (_event, name) => {
        if (!name || name === 'supervisor.json') look();
      });
      this.#watcher.on('error', () => undefined);
      this.#watcher.unref();
    } catch {
      // no file events here: the timer alone
    }
    this.#watch = setInterval(look, everyMs);
    this.#watch.unref();
  }

  #stopWatching() {
    if (this.#watch) clearInterval(this.#watch);
    this.#watch = null;
    this.#watcher?.close();
    this.#watcher = null;
  }

  /** The supervisor that holds the claim now when it is not this one (then this one has lost it), else null. */
  async checkClaim(): Promise<SupervisorInfo | null> {
    if (this.#lost) return null;
    const record = await readSupervisorInfo(this.#dataDir);
    if (!record) {
      await writeFileAtomic(infoFileOf(this.#dataDir), JSON.stringify(this.#info)).catch(() => undefined);
      return null;
    }
    if (sameHolder(record, this.#info)) return null;
    this.#lost = true;
    return record;
  }

  async close(): Promise<void> {
    this.#stopWatching();
    process.off('exit', this.#onExit);
    // Closing a listening Unix socket unlinks its path, which another supervisor holds now when this one lost it.
    if (this.#lost) return;
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (sameHolder(await readSupervisorInfo(this.#dataDir), this.#info))
      await rm(infoFileOf(this.#dataDir), { force: true });
  }

  #removeSync() {
    if (this.#lost) return;
    try {
      if (!sameHolder(JSON.parse(readFileSync(infoFileOf(this.#dataDir), 'utf8')) as SupervisorInfo, this.#info))
        return;
      rmSync(infoFileOf(this.#dataDir), { force: true });
      if (process.platform !== 'win32') rmSync(this.#info.endpoint, { force: true });
    } catch {
      // no record, or not readable: nothing of ours to remove
    }
  }
}

const sameHolder = (a: SupervisorInfo | null, b: SupervisorInfo) =>
  a !== null && a.pid === b.pid && a.since === b.since && (a.startTime ?? null) === (b.startTime ?? null);

/**
 * The supervisor the data dir's record names when that very process still lives — its pid alive with the start time
 * recorded — with what the OS says of it (`stopped (SIGSTOP…)`); null when there is no record, or its holder is gone.
 */
export async function livingHolder(dataDir: string): Promise<{ info: SupervisorInfo; state: string | null } | null> {
  const record = await readSupervisorInfo(dataDir);
  if (!record || typeof record.pid !== 'number' || typeof record.startTime !== 'number') return null;
  const { processFacts, processStateOf } = await processes();
  const facts = await processFacts(record.pid);
  if (!facts || facts.startTime !== record.startTime) return null;
  const state = await processStateOf(record.pid);
  // A zombie's /proc entry outlives it until its parent reaps it: it holds nothing.
  if (state?.startsWith('a zombie') || state === 'dead') return null;
  return { info: record, state };
}

/** Claimed, or held by a living supervisor: `answers` says whether it answered the hello (`state`: what the OS says). */
export type Claim = { claimed: ControlEndpoint } | { running: SupervisorInfo; answers: boolean; state?: string | null };

/**
 * Becomes this data dir's supervisor, or names the one that already is. `handle` answers every command that arrives
 * on the endpoint (the Manager's `reply`, which validates the arguments and never throws).
 */
export async function claimSupervisor(dataDir: string, kind: 'serve' | 'app', handle: CommandHandler): Promise<Claim> {
  const runDir = join(dataDir, 'run');
  await mkdir(runDir, { recursive: true, mode: 0o700 });
  await chmod(runDir, 0o700).catch(() => undefined);
  const [{ default: lockfile }, { processFacts }] = await Promise.all([import('proper-lockfile'), processes()]);
  const release = await lockfile.lock(join(runDir, 'claim'), {
    realpath: false,
    stale: 10_000,
    retries: { retries: 50, factor: 1, minTimeout: 100, maxTimeout: 100 },
  });
  try {
    const existing = await ControlClient.connect(dataDir, 1500);
    if (existing) {
      existing.close();
      return { running: existing.info, answers: true };
    }
    // No answer is no proof: the holder may be stopped or paused. Only a record whose process is gone is taken over.
    const holder = await livingHolder(dataDir);
    if (holder) return { running: holder.info, answers: false, state: holder.state };
    const endpoint = endpointOf(dataDir);
    if (process.platform !== 'win32') await rm(endpoint, { force: true }); // a dead supervisor's socket
    const startTime = (await processFacts(process.pid))?.startTime ?? null;
    const info: SupervisorInfo = { pid: process.pid, startTime, kind, url: null, endpoint, since: Date.now() };
    const server = createServer((socket) => serveConnection(socket, () => endpointInfo.info, handle));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(endpoint, () => resolve());
    });
    server.unref();
    if (process.platform !== 'win32') await chmod(endpoint, 0o600);
    const endpointInfo = new ControlEndpoint(server, dataDir, info);
    await writeFileAtomic(infoFileOf(dataDir), JSON.stringify(info));
    return { claimed: endpointInfo };
  } finally {
    await release().catch(() => undefined);
  }
}

function serveConnection(socket: Socket, info: () => SupervisorInfo, handle: CommandHandler) {
  socket.on('error', () => undefined);
  readLines(socket, (message) => {
    const request = message as { id?: unknown; command?: unknown; args?: unknown; author?: unknown } | undefined;
    const id = typeof request?.id === 'number' ? request.id : null;
    const answer = (reply: CommandReply) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify({ id, ...reply })}\n`);
    };
    if (!request || typeof request !== 'object' || Array.isArray(request)) {
      answer({ ok: false, error: { code: 'invalid-argument', message: 'a request is a JSON object' } });
      return;
    }
    if (request.command === HELLO) {
      answer({ ok: true, result: info() });
      return;
    }
    void handle(request.command, request.args ?? {}, authorOf(request.author)).then(answer);
  });
}

/** What the data dir's supervisor file says (for messages only: the endpoint is the proof that one runs). */
export async function readSupervisorInfo(dataDir: string): Promise<SupervisorInfo | null> {
  try {
    return JSON.parse(await readFile(infoFileOf(dataDir), 'utf8')) as SupervisorInfo;
  } catch {
    return null;
  }
}
