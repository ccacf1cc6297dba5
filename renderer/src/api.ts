// The renderer's only door to the core. In Electron the preload bridge; in a browser (`lobsterpot serve`) a WebSocket.
// The renderer never knows which: both carry the same contract.
import './zod-jitless.ts';
import type { CommandArgs, CommandName, CommandResults, LobsterpotEvent } from '../../electron/contract/contract.ts';
import { SocketTransport, type ConnectionStatus, type SocketLike } from './transport.ts';

export { CommandError } from './transport.ts';
export type { ConnectionStatus } from './transport.ts';

export interface LobsterpotApi {
  invoke<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResults[C]>;
  /** Returns the unsubscribe function. */
  on(listener: (event: LobsterpotEvent) => void): () => void;
  /** The connection's state (IPC has none to report); returns the unsubscribe function. */
  onConnection(listener: (state: 'open' | 'lost', status?: ConnectionStatus) => void): () => void;
  /** Reconnects now rather than at the next backoff step (WebSocket only). */
  reconnect?(): void;
}

declare global {
  interface Window {
    lobsterpot?: LobsterpotApi;
  }
}

/** The browser's WebSocket as the transport sees it. */
function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  const socket: SocketLike = {
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    onopen: null,
    onmessage: null,
    onclose: null,
  };
  ws.onopen = () => socket.onopen?.();
  ws.onmessage = (message) => socket.onmessage?.(message);
  ws.onclose = (close) => socket.onclose?.(close);
  return socket;
}

function webSocketApi(): LobsterpotApi {
  const transport = new SocketTransport({
    open: () => browserSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`),
  });
  return {
    invoke: (command, args) => transport.invoke(command, args) as Promise<CommandResults[typeof command]>,
    on: (listener) => transport.on(listener),
    onConnection: (listener) =>
      transport.onStatus((status) => {
        if (status.state !== 'connecting') listener(status.state, status);
      }),
    reconnect: () => transport.reconnect(),
  };
}

export const api: LobsterpotApi = window.lobsterpot ?? webSocketApi();
