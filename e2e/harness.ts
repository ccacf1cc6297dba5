// What the window's end-to-end specs share: worlds of their own (HOME, data dir, ports), a real `lobsterpot serve`
// started and ended by process group, the `lobsterpot` command, and the accessibility check.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signalGroup } from '../electron/platform/node/processes.ts';
import { runLobsterpot as lobsterpot } from '../tests/integration/cli.ts';

export const root = join(import.meta.dirname, '..');
/** The README's pictures: the e2e run takes them anew. */
export const shots = join(root, 'docs', 'screenshots');
export const bin = join(root, 'bin', 'lobsterpot.js');
export const openclaw = join(root, '.cache', 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs');

/** Whether nothing listens on the port now: a listen that succeeds says so for sure, unlike a connect. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port in 20000–31999 (below the OS's ephemeral range, above OpenClaw's defaults) that nothing listens on now. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isFree(port)) return port;
  }
  throw new Error('no free port in 20000–31999');
}

/** A base port whose whole block (base…base+110) is free now, in 20000–31999. */
export async function freeBlock(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = (await freePort()) - ((await freePort()) % 10);
    if (base + 110 > 31_999) continue;
    const probes = await Promise.all([0, 1, 2, 11, 110].map((offset) => isFree(base + offset)));
    if (probes.every(Boolean)) return base;
  }
  throw new Error('no free port block in 20000–31999');
}

/** axe on the page as it is, in dark and in light: no serious or critical violation. */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map((v) => `${view} (${colorScheme}): ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  }
}

/** A new temporary folder for one spec's world; the screenshots' folder made sure of too. */
export function makeWorld(prefix: string): string {
  mkdirSync(shots, { recursive: true });
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes the world, unless LP_E2E_KEEP=1 asks to keep it (logs, run records, configs) to look at after a failure. */
export function removeWorld(world: string): void {
  if (!process.env.LP_E2E_KEEP) rmSync(world, { recursive: true, force: true });
  else console.log(`kept ${world}`);
}

/** One machine's Lobsterpot as a test sees it: its own HOME and data dir, never the person's. */
export interface Machine {
  home: string;
  data: string;
  /** The environment a `lobsterpot` command runs with there. */
  env: NodeJS.ProcessEnv;
}

/**
 * Makes `dir`/home and `dir`/data, with a settings.json that points at the real OpenClaw in .cache and at this test's
 * own base port, plus whatever else the spec sets (grace, watchdog).
 */
export function makeMachine(dir: string, basePort: number, settings: Record<string, unknown> = {}): Machine {
  const home = join(dir, 'home');
  const data = join(dir, 'data');
  for (const folder of [home, data]) mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(data, 'settings.json'),
    JSON.stringify({ openclawPath: openclaw, nodePath: process.execPath, basePortStart: basePort, ...settings }),
  );
  return { home, data, env: { ...process.env, HOME: home, LOBSTERPOT_HOME: data } };
}

/** What a `lobsterpot` command said and how it ended. */
/** `node bin/lobsterpot.js …` in an env: this checkout's command, as a person would run it (the tests' one runner). */
export { runLobsterpot as lobsterpot, type CommandResult } from '../tests/integration/cli.ts';
/** A real profile through `lobsterpot create` (OpenClaw's own onboarding, never started); throws with its words. */
export async function createWithCommand(env: NodeJS.ProcessEnv, name: string, port: number): Promise<void> {
  const created = await lobsterpot(env, ['create', name, '--port', String(port)]);
  if (created.code !== 0) throw new Error(`lobsterpot create ${name}: ${created.err || `exit ${created.code}`}`);
}

/**
 * Starts `lobsterpot serve` in a process group of its own, so that ending the group also ends what it started (an ssh
 * tunnel). Returned at once, so that afterAll can end it even if it never prints its URL.
 */
export function startServe(env: NodeJS.ProcessEnv, port = 0): ChildProcess {
  return spawn(process.execPath, [bin, 'serve', '--port', String(port)], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** The window's URL with its token, as serve prints it; rejects with serve's output if it exits first. */
export function serveUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

/** Ends serve's group: SIGTERM, `graceMs` to stop what it runs, then SIGKILL for whatever is left. */
export async function stopServe(server: ChildProcess | undefined, graceMs: number): Promise<void> {
  const pid = server?.pid;
  if (!server || !pid) return;
  signalGroup(pid, 'SIGTERM');
  await new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    const timer = setTimeout(resolve, graceMs);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  signalGroup(pid, 'SIGKILL');
}

/** Pids of the gateways running under a HOME, from OpenClaw's lock files: what to end even if serve did not. */
export function gatewayPids(home: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync(home)) {
    const tmp = join(home, entry, 'tmp');
    try {
      for (const uidDir of readdirSync(tmp))
        for (const lock of readdirSync(join(tmp, uidDir)).filter((name) => name.endsWith('.lock')))
          pids.push(JSON.parse(readFileSync(join(tmp, uidDir, lock), 'utf8').trim()).pid);
    } catch {
      // no locks: nothing runs there
    }
  }
  return [...new Set(pids)];
}
