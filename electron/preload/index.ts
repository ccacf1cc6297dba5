// The preload exposes the typed contract and nothing else; `on()` returns an unsubscribe function because callbacks
// are proxied across the bridge.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CommandName, CommandReply, LobsterpotEvent } from '../contract/contract.ts';
import { COMMAND_CHANNEL as COMMAND, EVENT_CHANNEL as EVENT } from './channels.ts';

contextBridge.exposeInMainWorld('lobsterpot', {
  invoke: async (command: CommandName, args: unknown) => {
    const reply = (await ipcRenderer.invoke(COMMAND, command, args)) as CommandReply;
    if (reply.ok) return reply.result;
    throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  },
  on: (listener: (event: LobsterpotEvent) => void) => {
    const wrapped = (_: IpcRendererEvent, event: LobsterpotEvent) => listener(event);
    ipcRenderer.on(EVENT, wrapped);
    return () => ipcRenderer.removeListener(EVENT, wrapped);
  },
  onConnection: () => () => undefined,
});
