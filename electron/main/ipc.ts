// The window's one IPC door: the sender is checked before anything runs; the Manager parses the arguments with the
// contract, whichever transport carried them.
import type { CommandReply } from '../contract/contract.ts';
import { isAppUrl } from './window-options.ts';

export { COMMAND_CHANNEL, EVENT_CHANNEL } from '../preload/channels.ts';

/** What Electron tells of an `invoke`: who sent it, from which page. */
export interface InvokeSource {
  sender: unknown;
  senderFrame: { url: string } | null;
}

export interface CommandDoor {
  /** The web contents of the manager window, or null when none is open. */
  windowContents(): unknown;
  reply(command: unknown, args: unknown): Promise<CommandReply>;
}

export function commandHandler(door: CommandDoor) {
  return async (source: InvokeSource, command: unknown, args: unknown): Promise<CommandReply> => {
    const contents = door.windowContents();
    const trusted = contents !== null && source.sender === contents && isAppUrl(source.senderFrame?.url ?? '');
    if (!trusted) return { ok: false, error: { code: 'refused', message: 'unknown sender' } };
    return door.reply(command, args);
  };
}
