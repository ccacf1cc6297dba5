// The renderer's only door to the core. In Electron the preload bridge; in a browser (`lobsterpot serve`) a WebSocket.
// The renderer never knows which: both carry the same contract.
import type { CommandArgs, CommandName, CommandResults, LobsterpotEvent } from '../../electron/common/contract.ts';

export interface LobsterpotApi {
  invoke<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResults[C]>;
  /** Returns the unsubscribe function. */
  on(listener: (event: LobsterpotEvent) => void): () => void;
  onConnection(listener: (state: 'open' | 'lost') => void): () => void;
}

export class CommandError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

declare global {
  interface Window {
    lobsterpot?: LobsterpotApi;
  }
}

function webSocketApi(): LobsterpotApi {
  const listeners = new Set<(event: LobsterpotEvent) => void>();
  const connection = new Set<(state: 'open' | 'lost') => void>();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let socket: WebSocket;
  let ready: Promise<void>;
  let retry = 500;

  const connect = () => {
    socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`);
    ready = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('open', () => {
      retry = 500;
      connection.forEach((listener) => listener('open'));
    });
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as {
        id?: number;
        ok?: boolean;
        result?: unknown;
        error?: { code: string; message: string };
        event?: LobsterpotEvent;
      };
      if (data.event) listeners.forEach((listener) => listener(data.event as LobsterpotEvent));
      else if (typeof data.id === 'number') {
        const waiter = pending.get(data.id);
        pending.delete(data.id);
        if (data.ok) waiter?.resolve(data.result);
        else waiter?.reject(new CommandError(data.error?.code ?? 'failed', data.error?.message ?? 'failed'));
      }
    });
    socket.addEventListener('close', () => {
      for (const waiter of pending.values())
        waiter.reject(new CommandError('failed', 'the connection to Lobsterpot was lost'));
      pending.clear();
      connection.forEach((listener) => listener('lost'));
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    });
  };
  connect();

  return {
    async invoke(command, args) {
      await ready;
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        socket.send(JSON.stringify({ id, command, args }));
      });
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connection.add(listener);
      return () => connection.delete(listener);
    },
  };
}

export const api: LobsterpotApi = window.lobsterpot ?? webSocketApi();
