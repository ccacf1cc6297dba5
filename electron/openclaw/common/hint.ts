// How a message names an OpenClaw command for a person to run. `lobsterpot openclaw …` runs the OpenClaw Lobsterpot
// located with the Node it needs, so it works where a bare `openclaw` is not on PATH or the machine's Node is too old.

/** `lobsterpot openclaw <args>`: an OpenClaw command as a person can run it here. */
export const openclawHint = (args: string) => `lobsterpot openclaw ${args}`;
