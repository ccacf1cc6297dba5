// The real `lobsterpot` command as a separate process, in a test world's HOME and data dir.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { World } from './world.ts';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lobsterpot.js');

/** Runs the real `lobsterpot` command in the world's HOME; resolves with its exit code and output. */
export function lobsterpot(world: World, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, HOME: world.home, LOBSTERPOT_HOME: world.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

/** Holds while `check` stays true for `ms` (a condition that must not change, polled; fails at once when it does). */
export async function stays(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!(await check())) throw new Error(`${what} did not hold`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
