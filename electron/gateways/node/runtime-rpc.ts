// A running gateway's RPC: what it says of itself (version, config path) and its browser, through its WebSocket.
import { LobsterpotError, type BrowserStatus } from '../../contract/contract.ts';
import { noRpc } from '../common/record.ts';
import { withRpc } from './probes.ts';
import type { ProfileRuntime } from './profile-runtime.ts';

/** Asks a ready gateway who it is; the answer (or the error) goes into its status. */
export async function probeRpc(runtime: ProfileRuntime): Promise<void> {
  const now = () => runtime.deps.clock.now();
  try {
    const info = await withRpc(
      runtime.port(),
      runtime.profile.config?.token ?? null,
      async (rpc) => {
        const system = await rpc.call<{ pid?: number; port?: number }>('system.info', {}, 3000);
        return { hello: rpc.hello, system };
      },
      { admin: true },
    );
    const { version, configPath } = info.hello;
    runtime.observe({ rpc: { version, configPath, checkedAt: now(), error: null } });
  } catch (error) {
    runtime.observe({ rpc: { ...noRpc(), checkedAt: now(), error: (error as Error).message } });
  }
}

export async function browserStatus(runtime: ProfileRuntime, via: 'ws' | 'cli'): Promise<BrowserStatus> {
  const port = runtime.port();
  try {
    if (via === 'cli') return await runtime.deps.openclaw.cli().browserStatus(runtime.target, port);
    return await withRpc(
      port,
      runtime.profile.config?.token ?? null,
      (rpc) => rpc.call<BrowserStatus>('browser.request', { method: 'GET', path: '/' }, 15_000),
      { admin: true },
    );
  } catch (error) {
    throw new LobsterpotError('failed', `browser status of ${runtime.name}: ${(error as Error).message}`);
  }
}

/** OpenClaw's `browser start|stop` through the gateway, then the browser's status after it. */
export async function browserControl(runtime: ProfileRuntime, action: 'start' | 'stop'): Promise<BrowserStatus> {
  try {
    return await withRpc(
      runtime.port(),
      runtime.profile.config?.token ?? null,
      async (rpc) => {
        // Starting a browser waits for its CDP to answer: longer than a status.
        await rpc.call('browser.request', { method: 'POST', path: `/${action}` }, 60_000);
        return rpc.call<BrowserStatus>('browser.request', { method: 'GET', path: '/' }, 15_000);
      },
      { admin: true },
    );
  } catch (error) {
    const message = (error as Error).message;
    // An OpenClaw without the verb answers that it has no such route.
    const missing = /not found|unknown (route|path)|404/i.test(message);
    throw new LobsterpotError(
      'failed',
      missing
        ? `browser ${action} of ${runtime.name}: this OpenClaw version has no browser ${action}`
        : `browser ${action} of ${runtime.name}: ${message}`,
    );
  }
}

/** What OpenClaw's `send` RPC takes (2026.9.6's SendParamsSchema: a closed object; `idempotencyKey` is required). */
export interface SendRequest {
  channel: string;
  to: string;
  message: string;
  idempotencyKey: string;
}

/** OpenClaw's `send` through this profile's gateway: its answer, or the gateway's own error, unchanged. */
export function sendThrough(runtime: ProfileRuntime, request: SendRequest): Promise<unknown> {
  return withRpc(runtime.port(), runtime.profile.config?.token ?? null, (rpc) => rpc.call('send', request, 30_000), {
    admin: true,
  });
}
