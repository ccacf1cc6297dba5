// The zustand store: core events flow in through applyEvent; actions are module-level functions.
import { create } from 'zustand';
import type { CommandArgs, CommandName, CommandResults } from '../../electron/contract/contract.ts';
import { api } from './api.ts';
import { applyEvent, applySnapshot, initialViewState, type ViewState } from './reducer.ts';

export const useStore = create<ViewState>()(() => initialViewState);

export async function connect(): Promise<void> {
  api.on((event) => useStore.setState((state) => applyEvent(state, event)));
  // The first socket's snapshot is the one below; a later socket may have missed events, so it reloads.
  let socketsSeen = 1;
  api.onConnection((connection, status) => {
    useStore.setState({ connection, connectionReason: status?.reason ?? null });
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
