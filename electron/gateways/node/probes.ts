// Probes of a running gateway: HTTP (/healthz, /readyz: no auth, ~1 ms) for polling, and a WebSocket RPC client
// (token auth) for system.info, identity, restart preflight and browser status.
import { Agent, request } from 'node:http';
import { WebSocket } from 'ws';

export interface HealthProbe {
  /** /healthz answered 200. */
  live: boolean;
  /** /readyz answered 200; null when it was not asked. */
  ready: boolean | null;
  failing: string[];
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export function httpGet(
  port: number,
  path: string,
  timeoutMs = 1500,
): Promise<{ status: number; body: unknown } | null> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent, timeout: timeoutMs, headers: { accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', () => resolve(null));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** `/readyz` alone says both: any answer means live, 200 means ready, 503 lists what is failing. */
export async function probeReadiness(port: number, timeoutMs = 1500): Promise<HealthProbe> {
  const res = await httpGet(port, '/readyz', timeoutMs);
  const body = (res?.body ?? null) as { ready?: boolean; failing?: unknown } | null;
  // Only an OpenClaw answer counts: any other server on the port is not a live gateway.
  if (!res || !body || typeof body !== 'object' || typeof body.ready !== 'boolean')
    return { live: false, ready: null, failing: [] };
  const failing = Array.isArray(body.failing)
    ? body.failing.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
    : [];
  return { live: true, ready: res.status === 200 && body.ready !== false, failing };
}

/** What `/startupz` says (OpenClaw ≥ 2026.8.1): 200 `started`, 503 `starting` + `pendingReason`, or `draining`. */
export interface StartupProbe {
  status: 'started' | 'starting' | 'draining';
  pendingReason: string | null;
}

/** `/startupz`, or null where the version does not serve it (or nothing answers): only asked while a gateway starts. */
export async function probeStartup(port: number, timeoutMs = 1000): Promise<StartupProbe | null> {
  const res = await httpGet(port, '/startupz', timeoutMs);
  const body = (res?.body ?? null) as { status?: unknown; pendingReason?: unknown } | null;
  if (!res || !body || typeof body !== 'object') return null;
  const status = body.status;
  if (status !== 'started' && status !== 'starting' && status !== 'draining') return null;
  const reason = body.pendingReason;
  return {
    status,
    pendingReason: typeof reason === 'string' ? reason : reason == null ? null : JSON.stringify(reason),
  };
}

export interface HelloInfo {
  version: string | null;
  configPath: string | null;
  stateDir: string | null;
}

export class RpcError extends Error {}

/** One authenticated WebSocket session with a gateway. */
export class GatewayRpc {
  readonly hello: HelloInfo;
  readonly #socket: WebSocket;
  #nextId = 0;
  readonly #pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(socket: WebSocket, hello: HelloInfo) {
    this.#socket = socket;
    this.hello = hello;
    socket.on('message', (data) => {
      const frame = safeJson(data.toString());
      if (frame?.type !== 'res' || typeof frame.id !== 'string') return;
      const waiter = this.#pending.get(frame.id);
      if (!waiter) return;
      this.#pending.delete(frame.id);
      if (frame.ok) waiter.resolve(frame.payload);
      else waiter.reject(new RpcError(errorText(frame.error)));
    });
    socket.on('close', () => {
      for (const waiter of this.#pending.values()) waiter.reject(new RpcError('connection closed'));
      this.#pending.clear();
    });
  }

  /** Connects with the profile's token; `admin` asks for operator.admin (needed for browser.request). */
  static connect(
    port: number,
    token: string | null,
    options: { admin?: boolean; timeoutMs?: number } = {},
  ): Promise<GatewayRpc> {
    const timeoutMs = options.timeoutMs ?? 3000;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}`, { handshakeTimeout: timeoutMs });
      const timer = setTimeout(
        () => fail(new RpcError(`no hello from the gateway on ${port} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.removeAllListeners('message');
        socket.terminate();
        reject(error);
      };
      socket.on('error', (error) => fail(new RpcError(error.message)));
      socket.on('message', (data) => {
        const frame = safeJson(data.toString());
        if (frame?.type === 'event' && frame.event === 'connect.challenge') {
          const scopes = options.admin ? ['operator.read', 'operator.admin'] : ['operator.read'];
          socket.send(
            JSON.stringify({
              type: 'req',
              id: 'connect',
              method: 'connect',
              params: {
                minProtocol: 4,
                maxProtocol: 4,
                client: { id: 'gateway-client', version: '0.1.0', platform: process.platform, mode: 'backend' },
                role: 'operator',
                scopes,
                caps: [],
                commands: [],
                permissions: {},
                auth: token ? { token } : {},
              },
            }),
          );
        } else if (frame?.type === 'res' && frame.id === 'connect') {
          clearTimeout(timer);
          socket.removeAllListeners('message');
          if (!frame.ok) {
            socket.terminate();
            reject(new RpcError(`the gateway refused the connection: ${errorText(frame.error)}`));
            return;
          }
          const payload = (frame.payload ?? {}) as Record<string, unknown>;
          const server = (payload.server ?? {}) as Record<string, unknown>;
          const snapshot = (payload.snapshot ?? {}) as Record<string, unknown>;
          resolve(
            new GatewayRpc(socket, {
              version: typeof server.version === 'string' ? server.version : null,
              configPath: typeof snapshot.configPath === 'string' ? snapshot.configPath : null,
              stateDir: typeof snapshot.stateDir === 'string' ? snapshot.stateDir : null,
            }),
          );
        }
      });
    });
  }

  call<T = unknown>(method: string, params: unknown = {}, timeoutMs = 5000): Promise<T> {
    const id = String(++this.#nextId);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RpcError(`${method} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#socket.send(JSON.stringify({ type: 'req', id, method, params }));
    });
  }

  close(): void {
    this.#socket.close();
  }
}

/** Runs `use` in a short-lived RPC session and closes it whatever happens. */
export async function withRpc<T>(
  port: number,
  token: string | null,
  use: (rpc: GatewayRpc) => Promise<T>,
  options: { admin?: boolean } = {},
): Promise<T> {
  const rpc = await GatewayRpc.connect(port, token, options);
  try {
    return await use(rpc);
  } finally {
    rpc.close();
  }
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return JSON.stringify(error ?? 'unknown error');
}

/** What `gateway.restart.preflight` answers (OpenClaw 2026.9.6). */
export interface RestartPreflight {
  safe?: boolean;
  summary?: string;
  counts?: Record<string, number | undefined>;
  blockers?: { kind?: string; count?: number; message?: string }[];
}

/** Gateway requests Lobsterpot itself makes (status, identity, browser status, this very preflight). */
const OWN_REQUESTS = new Set([
  'ws:system.info',
  'ws:gateway.restart.preflight',
  'ws:browser.request',
  'ws:health',
  'ws:status',
  'ws:config.get',
  'ws:gateway.identity.get',
]);

/**
 * Holders that are no one's work: Lobsterpot's own probes, and the gateway's own startup steps — `startup:…`, and the
 * post-ready ones 2026.9.6 runs as root work in the seconds after ready (`runtime:maintenance`, which then starts
 * cron: `runtime:cron-start`). Its other `runtime:` work (delivery recovery: queued messages) is work.
 */
const STARTUP_STEPS = new Set(['runtime:maintenance', 'runtime:cron-start']);
const isNotWork = (holder: string) =>
  OWN_REQUESTS.has(holder) || holder.startsWith('startup:') || STARTUP_STEPS.has(holder);

/**
 * The active work a preflight reports, in words, or null when there is none. OpenClaw counts every request in flight
 * as active work and names its holders (`2 active gateway request(s): startup:…, ws:system.info`): Lobsterpot's own
 * probes and the gateway's startup steps are not work a stop would interrupt.
 */
export function activeWorkOf(preflight: RestartPreflight | null): string | null {
  if (!preflight || preflight.safe !== false) return null;
  if (!preflight.blockers) {
    const total = preflight.counts?.totalActive ?? 0;
    return total > 0 ? (preflight.summary ?? `${total} active tasks`) : null;
  }
  const work = preflight.blockers.flatMap((blocker) => {
    if (blocker.kind !== 'root-request') return [blocker.message ?? `${blocker.count ?? 1} ${blocker.kind ?? 'task'}`];
    // Holders read `name` or `name (n)` for n requests of one name.
    const holders = (/: (.*)$/.exec(blocker.message ?? '')?.[1]?.split(', ') ?? []).map((holder) => {
      const [, name = holder, times] = /^(.*?)(?: \((\d+)\))?$/.exec(holder) ?? [];
      return { name, times: Number(times ?? 1), text: holder };
    });
    const ours = holders.filter((h) => isNotWork(h.name)).reduce((sum, h) => sum + h.times, 0);
    const others = holders.filter((h) => !isNotWork(h.name)).map((h) => h.text);
    const left = (blocker.count ?? holders.length) - ours;
    return left > 0 ? [`${left} active gateway request(s)${others.length ? `: ${others.join(', ')}` : ''}`] : [];
  });
  return work.length ? work.join('; ') : null;
}
