// The zustand store: core events flow in through applyEvent; actions are module-level functions.
import { create } from 'zustand';
import type { CommandArgs, CommandName, CommandResults } from '../../electron/contract/contract.ts';
import { api } from './api.ts';
import { navigate, type NavAction } from './navigation.ts';
import { applyEvent, applySnapshot, initialViewState, keepLogs, type ViewState } from './reducer.ts';

export const useStore = create<ViewState>()(() => initialViewState);

/** Moves the person's place in the window (navigation.ts); the one way the selection, tab and dialogs change. */
export function go(action: NavAction): void {
  useStore.setState((state) => {
    const nav = navigate(state.nav, action);
    return nav === state.nav ? state : { nav };
  });
}

/** Keeps the log tail asked of a host (this host's first lines, another's each time it is asked). */
export function keepLogTail(host: string | null, name: string, lines: string[]): void {
  useStore.setState((state) => keepLogs(state, host, name, lines));
}

/** Why nothing can be asked of Lobsterpot now (the window's connection is lost); null while connected. */
export const offlineReason = (state: Pick<ViewState, 'connection' | 'connectionReason'>): string | null =>
  state.connection === 'lost'
    ? `not connected to Lobsterpot${state.connectionReason ? ` (${state.connectionReason})` : ''}; reconnecting`
    : null;

export async function connect(): Promise<void> {
  api.on((event) => useStore.setState((state) => applyEvent(state, event)));
  // The first socket's snapshot is the one below; a later socket may have missed events, so it reloads.
  let socketsSeen = 1;
  api.onConnection((connection, status) => {
    useStore.setState((state) => ({
      connection,
      connectionReason: status?.reason ?? null,
      lostAt: connection === 'lost' ? (state.lostAt ?? Date.now()) : null,
    }));
    if (connection !== 'open') return;
    const opened = status?.opened ?? socketsSeen;
    if (!useStore.getState().loaded || opened > socketsSeen) void reload().catch(() => undefined);
    socketsSeen = Math.max(socketsSeen, opened);
  });
  // Not connected in time: the banner says so, and the next open loads the snapshot.
  await reload().catch(() => undefined);
  if (useStore.getState().connection === 'connecting') useStore.setState({ connection: 'open' });
}

async function reload() {
  const snapshot = await api.invoke('state.snapshot', {});
  useStore.setState((state) => applySnapshot(state, snapshot));
}

/** Runs a command; failures come back as a message for the place that asked. */
export async function run<C extends CommandName>(
  command: C,
  args: CommandArgs<C>,
): Promise<{ ok: true; result: CommandResults[C] } | { ok: false; error: string }> {
  try {
    return { ok: true, result: await api.invoke(command, args) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * Runs a command on a host: this one (`host` null) directly, another through `hosts.call` with the same command and
 * arguments, its result unwrapped.
 */
export async function runOn<C extends CommandName>(
  host: string | null,
  command: C,
  args: CommandArgs<C>,
): Promise<{ ok: true; result: CommandResults[C] } | { ok: false; error: string }> {
  if (host === null) return run(command, args);
  const reply = await run('hosts.call', { host, command, args: args as Record<string, unknown> });
  return reply.ok ? { ok: true, result: reply.result.result as CommandResults[C] } : reply;
}
