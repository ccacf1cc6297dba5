// `lobsterpot openclaw <args…>`: OpenClaw as Lobsterpot located it, with the Node it needs; arguments, output and the
// exit code passed through as they are.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_VERSION } from '../contract/contract.ts';
import { parseCommandLine } from './args.ts';
import { openclawCommand } from './openclaw.ts';

const root = join(import.meta.dirname, '..', '..');
const pinnedNode = join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
const bin = join(root, 'bin', 'lobsterpot.js');

const ARGS = ['--profile', 'rescue', 'browser', 'status', '--json', '--help', '-V', 'a b', '', '--', '--port=1'];

describe('lobsterpot openclaw', () => {
  it('takes every argument after `openclaw` as OpenClaw’s, its own flags and `--` included', () => {
    expect(parseCommandLine(['openclaw', ...ARGS])).toEqual({ command: 'openclaw', positionals: ARGS, values: {} });
    // Flags before the command word stay the tool's.
    expect(parseCommandLine(['-v', 'openclaw', 'status'])).toEqual({
      command: 'openclaw',
      positionals: ['status'],
      values: { verbose: true },
    });
  });

  it('runs the located OpenClaw entry with the located Node, then the arguments untouched', () => {
    const environment = {
      openclaw: { path: '/p/.cache/openclaw/node_modules/openclaw/openclaw.mjs', version: '2026.9.6' },
      node: { path: '/p/node_modules/node/bin/node', version: 'v24.21.0' },
      problem: null,
      fix: null,
    };
    expect(openclawCommand(environment, ARGS)).toEqual({
      command: '/p/node_modules/node/bin/node',
      args: ['/p/.cache/openclaw/node_modules/openclaw/openclaw.mjs', ...ARGS],
    });
    expect(() =>
      openclawCommand(
        { ...environment, node: null, problem: 'OpenClaw needs Node 24.16 or newer.', fix: 'nvm i 24' },
        [],
      ),
    ).toThrow('OpenClaw needs Node 24.16 or newer.\nfix: nvm i 24');
  });

  describe('the real command, with the OpenClaw and Node set in the settings', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'lobsterpot-openclaw-'));
      // An OpenClaw that says what it was given, on which Node, and exits 7.
      const entry = join(dir, 'openclaw.mjs');
      await writeFile(
        entry,
        'process.stdout.write(JSON.stringify({ args: process.argv.slice(2), node: process.version }));\n' +
          "process.stderr.write('to stderr');\nprocess.exit(7);\n",
      );
      const data = join(dir, 'data');
      await mkdir(data, { recursive: true });
      await writeFile(
        join(data, 'settings.json'),
        JSON.stringify({ version: SETTINGS_VERSION, openclawPath: entry, nodePath: pinnedNode }),
      );
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('passes the arguments, stdout, stderr and the exit code through, on the Node OpenClaw needs', async () => {
      // The machine's own Node (20 here) starts it: the located one runs OpenClaw.
      const child = spawn(process.execPath, [bin, 'openclaw', ...ARGS], {
        env: { ...process.env, HOME: dir, LOBSTERPOT_HOME: join(dir, 'data') },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      try {
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        expect(code, err).toBe(7);
        expect(err).toBe('to stderr');
        const said = JSON.parse(out) as { args: string[]; node: string };
        expect(said.args).toEqual(ARGS);
        expect(said.node).toMatch(/^v2[4-9]\./);
      } finally {
        if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
      }
    });
  });
});
