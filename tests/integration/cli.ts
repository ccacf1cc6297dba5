// The real `lobsterpot` command as a separate process, in a test world's HOME and data dir.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { World } from './world.ts';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lobsterpot.js');

export interface CommandResult {
  code: number;
  out: string;
  err: string;
}

/**
 * The one way integration and e2e tests run the real `lobsterpot` command (`node bin/lobsterpot.js …`) as a separate
 * process in `env`: its exit code (1 when a signal or the timeout ended it) and output.
 */
export function runLobsterpot(env: NodeJS.ProcessEnv, args: string[], timeout = 120_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

/** Runs the real `lobsterpot` command in the world's HOME and data dir. */
export const lobsterpot = (world: World, args: string[]): Promise<CommandResult> =>
  runLobsterpot({ ...process.env, HOME: world.home, LOBSTERPOT_HOME: world.dataDir }, args);

/** Holds while `check` stays true for `ms` (a condition that must not change, polled; fails at once when it does). */
export async function stays(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!(await check())) throw new Error(`${what} did not hold`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
