// One other host, as Lobsterpot keeps it: asks over ssh which Lobsterpot supervisor runs there (starting `lobsterpot
// serve` when none does, after saying so), opens the tunnel to it, and keeps a WebSocket through it. A lost link is
// shown as lost at once — the host's last-known states are kept but marked not live — and retried with backoff.
//
//   connecting ──▶ (starting-serve) ──▶ connected ──(tunnel or socket ends)──▶ lost ──(backoff)──▶ connecting …
import type { ChildProcess } from 'node:child_process';
import {
  LobsterpotError,
  checkResult,
  type CommandName,
  type CommandResults,
  type GatewayStatus,
  type HostConfig,
  type HostState,
  type HostView,
  type LobsterpotEvent,
  type Snapshot,
} from '../../contract/contract.ts';
import { backoffDelay, type Backoff } from '../../platform/common/backoff.ts';
import { MAX_REMOTE_ITEMS, checkSnapshot, serveAddress, type RemoteSupervisorReport } from './reports.ts';
import { RemoteSession } from './session.ts';
import type { SshRunner, SshTarget } from './ssh.ts';
import { aborted, askHost, SshTunnel } from './tunnel.ts';

export interface LinkDeps {
  ssh: SshRunner;
  /** A free port here for the tunnel's local end (outside the OS's ephemeral range). */
  pickPort: () => Promise<number>;
  onChange: (view: HostView) => void;
  now?: () => number;
  backoff?: Backoff;
  /** How long one ssh command (asking, or starting serve) may take. */
  sshTimeoutMs?: number;
}

export class HostLink {
  #config: HostConfig;
  readonly #deps: LinkDeps;
  #state: HostState = 'connecting';
  #since: number;
  #message: string | null = null;
  #retryAt: number | null = null;
  #supervisor: HostView['supervisor'] = null;
  #remote: HostView['remote'] = null;
  #session: RemoteSession | null = null;
  #tunnel: ChildProcess | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #refreshTimer: NodeJS.Timeout | null = null;
  #attempt = 0;
  #connecting: Promise<void> | null = null;
  /** Aborts the connect under way (its ssh runs, the tunnel's wait). */
  #abort: AbortController | null = null;
  #closed = false;
  /** Kept links retry when lost; a one-command link (`--host`) does not. */
  #kept = false;
  /** The pid of the `serve` this link started there, if it did. */
  #startedPid: number | null = null;
  readonly #eventListeners = new Set<(event: LobsterpotEvent) => void>();
  readonly #lostListeners = new Set<(reason: string) => void>();

  constructor(config: HostConfig, deps: LinkDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#since = this.#now();
  }

  get name(): string {
    return this.#config.name;
  }

  get config(): HostConfig {
    return this.#config;
  }

  get connected(): boolean {
    return this.#state === 'connected' && this.#session !== null && this.#session.closed === null;
  }

  view(): HostView {
    return {
      ...this.#config,
      state: this.#state,
      since: this.#since,
      message: this.#message,
      retryAt: this.#retryAt,
      supervisor: this.#supervisor,
      remote: this.#remote,
    };
  }

  /** Keeps the host connected in the background: connects now, and again with backoff whenever the link is lost. */
  keep(): void {
    this.#kept = true;
    void this.connect().catch(() => undefined);
  }

  /** Connects once (joining a connect under way); rejects with what went wrong. A kept link then retries. */
  connect(options: { say?: (message: string) => void } = {}): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`the link to ${this.name} is closed`));
    if (this.#connecting) return this.#connecting;
    const abort = new AbortController();
    this.#abort = abort;
    this.#connecting = this.#connect(options.say ?? (() => undefined), abort.signal)
      .catch((error: unknown) => {
        this.#lose((error as Error).message);
        throw error;
      })
      .finally(() => {
        this.#connecting = null;
        if (this.#abort === abort) this.#abort = null;
      });
    return this.#connecting;
  }

  /** Drops the link, and the connect under way, and connects now, whatever the backoff said. */
  async reconnect(): Promise<HostView> {
    if (this.#closed) return this.view();
    this.#clearRetry();
    this.#attempt = 0;
    this.#abort?.abort();
    await this.#connecting?.catch(() => undefined);
    this.#teardown();
    if (!this.#closed) await this.connect().catch(() => undefined);
    return this.view();
  }

  /** Runs a command on the host's supervisor; its refusals keep their code, its result is checked by the command's. */
  async call<C extends CommandName>(command: C, args: unknown): Promise<CommandResults[C]> {
    if (!this.connected || !this.#session) {
      const why = this.#message ? `: ${this.#message}` : '';
      throw new LobsterpotError('failed', `host '${this.name}' is not connected (${this.#state}${why})`);
    }
    const reply = await this.#session.call(command, args);
    if (!reply.ok) throw new LobsterpotError(reply.error.code, reply.error.message);
    if (command !== 'state.snapshot') this.#scheduleRefresh();
    return checkResult(command, reply.result, `host '${this.name}'`);
  }

  /** The host's own events (its log lines among them), across reconnects, until unsubscribed. */
  onEvent(listener: (event: LobsterpotEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** Told each time the link is lost, with why. */
  onLost(listener: (reason: string) => void): () => void {
    this.#lostListeners.add(listener);
    return () => this.#lostListeners.delete(listener);
  }

  /** Ends the link at once: the connect under way is aborted, the tunnel killed; nothing is retried. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearRetry();
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    this.#abort?.abort();
    this.#teardown();
    this.#eventListeners.clear();
    this.#lostListeners.clear();
  }

  // ---- connecting -----------------------------------------------------------------------------------------------

  async #connect(say: (message: string) => void, signal: AbortSignal) {
    this.#clearRetry();
    this.#set('connecting', `asking ${this.#config.destination} over ssh which Lobsterpot runs there`);
    let report = await this.#ask('supervisor --json', signal);
    if (!report.running) {
      const message = `no Lobsterpot supervisor runs on ${this.name}: starting \`lobsterpot serve\` there`;
      say(message);
      this.#set('starting-serve', message);
      report = await this.#ask('serve --detach --json', signal);
      for (const warning of report.warnings ?? []) say(`${this.name}: ${warning}`);
      if (report.started && report.running) this.#startedPid = report.running.pid;
      if (!report.running) throw new Error(`\`lobsterpot serve\` did not start on ${this.name}`);
    }
    const { pid, kind, url } = report.running;
    // A serve this link started stays "started by Lobsterpot" across reconnects, until another one runs there.
    const startedByUs = pid === this.#startedPid;
    const address = serveAddress(url);
    if (!address) {
      throw new Error(
        kind === 'app'
          ? `the Lobsterpot app supervises ${this.name}'s gateways and takes no tunnel: run \`lobsterpot serve\` there instead of the app`
          : `the Lobsterpot supervisor on ${this.name} (pid ${pid}) has no address yet; try again`,
      );
    }
    this.#set('connecting', `opening the ssh tunnel to ${this.name}`);
    const localPort = await this.#deps.pickPort();
    aborted(signal);
    await this.#openTunnel(localPort, address.port, signal);
    const session = await RemoteSession.open({ localPort, remotePort: address.port, token: address.token });
    if (signal.aborted) {
      session.close();
      aborted(signal);
    }
    this.#session = session;
    session.onEvent((event) => this.#onRemoteEvent(event));
    session.onClose((reason) => {
      if (this.#session === session) this.#lose(`the link to ${this.name} was lost: ${reason}`);
    });
    const first = await session.call('state.snapshot', {}, 30_000);
    aborted(signal);
    if (!first.ok) throw new Error(`${this.name} did not give its state: ${first.error.message}`);
    const snapshot = checkSnapshot(first.result);
    if (!snapshot) throw new Error(`${this.name} answered with something that is not Lobsterpot's state`);
    this.#supervisor = { pid, kind, startedByUs };
    this.#applySnapshot(snapshot);
    this.#attempt = 0;
    this.#set('connected', startedByUs ? `started \`lobsterpot serve\` there (pid ${pid})` : null);
  }

  /** Runs `<command> <args>` there and reads its JSON report. */
  #ask(args: string, signal: AbortSignal): Promise<RemoteSupervisorReport> {
    const { ssh, sshTimeoutMs = 90_000 } = this.#deps;
    return askHost(ssh, this.#target(), { name: this.name, command: this.#config.command }, args, sshTimeoutMs, signal);
  }

  async #openTunnel(localPort: number, remotePort: number, signal: AbortSignal) {
    const tunnel = new SshTunnel(this.#deps.ssh, this.#target(), localPort, remotePort, (problem) => {
      if (this.#tunnel !== tunnel.child) return;
      this.#tunnel = null;
      if (this.#state === 'connected') this.#lose(`the ssh tunnel to ${this.name} ended: ${problem}`);
    });
    this.#tunnel = tunnel.child;
    await tunnel.ready(this.name, signal);
  }

  #target(): SshTarget {
    return { destination: this.#config.destination, sshConfig: this.#config.sshConfig };
  }

  // ---- the host's states ----------------------------------------------------------------------------------------

  #applySnapshot(snapshot: Snapshot) {
    this.#remote = {
      profiles: snapshot.profiles,
      gateways: snapshot.gateways,
      findings: snapshot.findings,
      ephemeralRange: snapshot.ephemeralRange ?? null,
      seenAt: this.#now(),
      live: true,
    };
  }

  #onRemoteEvent(event: LobsterpotEvent) {
    for (const listener of this.#eventListeners) {
      try {
        listener(event);
      } catch {
        // A listener's fault is its own.
      }
    }
    if (!this.#remote || this.#state !== 'connected') return;
    switch (event.type) {
      case 'gateway-state': {
        // The session checked the event against the contract.
        const gateways = replaceGateway(this.#remote.gateways, event.status);
        if (gateways.length > MAX_REMOTE_ITEMS) return;
        this.#remote = { ...this.#remote, gateways, seenAt: this.#now() };
        this.#changed();
        return;
      }
      case 'log-lines':
      case 'warning':
      case 'create-progress':
      case 'host-changed':
      case 'host-removed':
        return;
      default:
        this.#scheduleRefresh();
    }
  }

  /** Profiles, findings and settings changed there: one fresh snapshot for a burst of events. */
  #scheduleRefresh() {
    if (this.#refreshTimer || this.#closed) return;
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      const session = this.#session;
      if (!session || !this.connected) return;
      void session.call('state.snapshot', {}, 30_000).then((reply) => {
        const snapshot = reply.ok ? checkSnapshot(reply.result) : null;
        if (!snapshot || this.#session !== session || !this.connected) return;
        this.#applySnapshot(snapshot);
        this.#changed();
      });
    }, 250);
    this.#refreshTimer.unref();
  }

  // ---- state ----------------------------------------------------------------------------------------------------

  #set(state: HostState, message: string | null) {
    if (state !== this.#state) this.#since = this.#now();
    this.#state = state;
    this.#message = message;
    if (state !== 'lost') this.#retryAt = null;
    this.#changed();
  }

  /** The link is gone: last-known states are kept, marked not live; a kept link retries with backoff. */
  #lose(reason: string) {
    this.#teardown();
    if (this.#closed) return;
    if (this.#remote) this.#remote = { ...this.#remote, live: false };
    this.#supervisor = null;
    this.#clearRetry();
    if (this.#kept) {
      const delay = backoffDelay(this.#attempt++, this.#deps.backoff);
      this.#retryAt = this.#now() + delay;
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        this.keep();
      }, delay);
      this.#retryTimer.unref();
    } else this.#retryAt = null;
    if (this.#state !== 'lost') this.#since = this.#now();
    this.#state = 'lost';
    this.#message = reason;
    this.#changed();
    for (const listener of this.#lostListeners) listener(reason);
  }

  #teardown() {
    const session = this.#session;
    this.#session = null;
    session?.close();
    const tunnel = this.#tunnel;
    this.#tunnel = null;
    if (tunnel && tunnel.exitCode === null && tunnel.signalCode === null) tunnel.kill('SIGTERM');
  }

  #clearRetry() {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #changed() {
    if (!this.#closed) this.#deps.onChange(this.view());
  }

  #now() {
    return (this.#deps.now ?? Date.now)();
  }
}

function replaceGateway(gateways: GatewayStatus[], status: GatewayStatus): GatewayStatus[] {
  const at = gateways.findIndex((g) => g.profile === status.profile);
  return at < 0 ? [...gateways, status] : gateways.with(at, status);
}
