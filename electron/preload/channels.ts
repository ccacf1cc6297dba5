// The two IPC channels between the preload and main; here, because the sandboxed preload may import nothing heavier.
export const COMMAND_CHANNEL = 'lobsterpot:command';
export const EVENT_CHANNEL = 'lobsterpot:event';
