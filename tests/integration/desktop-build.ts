// The desktop app built and packaged as a release would be, without Electron's binary (GitHub releases are out of
// reach here): `electron-vite build`, then `electron-builder --dir` with the binary's place held by a placeholder file
// that says what it is and carries only a fuse wire, so electron-builder's fuse step has something to flip.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync as makeTemp, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

const made: string[] = [];
/** A temp folder that removeTempFolders() removes again. */
export function mkdtempSync(prefix: string): string {
  const dir = makeTemp(prefix);
  made.push(dir);
  return dir;
}

export function removeTempFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** @electron/fuses finds the wire after this sentinel (its constants.js). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, fuse by fuse (RunAsNode … GrantFileProtocolExtraPrivileges): '1' on, '0' off. */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/** Runs a command in its own process group, ended by group when the deadline passes; resolves with its output. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: options.env ?? process.env, detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n(ended after ${options.timeoutMs} ms)`;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A folder in the shape of Electron's Linux zip, whose `electron` is a placeholder, not Electron. */
export function placeholderElectronDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'lp-electron-placeholder-'));
  mkdirSync(join(dist, 'resources'));
  mkdirSync(join(dist, 'locales'));
  const wire = Buffer.from([1, ELECTRON_DEFAULT_FUSES.length, ...Buffer.from(ELECTRON_DEFAULT_FUSES, 'latin1')]);
  writeFileSync(
    join(dist, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "Lobsterpot packaging test placeholder: not Electron" >&2\nexit 1\n# '),
      Buffer.from(FUSE_SENTINEL, 'latin1'),
      wire,
      Buffer.from('\n'),
    ]),
  );
  chmodSync(join(dist, 'electron'), 0o755);
  writeFileSync(join(dist, 'chrome-sandbox'), 'placeholder: not Electron\n');
  return dist;
}

const bin = (name: string) => join(root, 'node_modules', '.bin', name);

export async function buildMain(): Promise<void> {
  const built = await run(bin('electron-vite'), ['build'], { timeoutMs: 240_000 });
  if (built.code !== 0) throw new Error(`electron-vite build failed:\n${built.output}`);
}

/** `electron-builder --linux --dir` into a temp folder; returns linux-unpacked. */
export async function packLinuxDir(): Promise<string> {
  const output = mkdtempSync(join(tmpdir(), 'lp-packaged-'));
  const packed = await run(
    bin('electron-builder'),
    [
      '--linux',
      '--dir',
      '--x64',
      `--config.electronDist=${placeholderElectronDist()}`,
      `--config.directories.output=${output}`,
    ],
    // No publishing, no code signing lookups: only the layout is built.
    { timeoutMs: 240_000, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  if (packed.code !== 0) throw new Error(`electron-builder --dir failed:\n${packed.output}`);
  return join(output, 'linux-unpacked');
}
