// Issue 23's fast client path: what a `lobsterpot` run loads, seen by a module loader hook in the real process.
// `--version` and `--help` load the table and its printers only; a command a running supervisor answers adds the
// binder, the contract and the socket client, never the core (Manager, gateways, hosts, serve) or its libraries.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply } from '../contract/contract.ts';
import { gatewayStatus, profileView, snapshot } from '../contract/fixtures.ts';
import { claimSupervisor, type ControlEndpoint } from '../supervisor/node/control.ts';

const root = join(import.meta.dirname, '..', '..');
const node = join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
const bin = join(root, 'bin', 'lobsterpot.js');

const HOOK = `import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.LOADED_FILE, JSON.stringify(loaded)));
`;

let dir: string;
let hook: string;

/** Runs the real `lobsterpot` under the hook: its output, and each file it loaded (relative to the checkout). */
async function traced(args: string[], dataDir = join(dir, 'data')) {
  const loadedFile = join(dir, `loaded-${args.join('-').replace(/\W/g, '_')}.json`);
  const child = spawn(node, ['--import', hook, bin, ...args], {
    env: { ...process.env, HOME: dir, LOBSTERPOT_HOME: dataDir, LOADED_FILE: loadedFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  try {
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const urls = JSON.parse(await readFile(loadedFile, 'utf8')) as string[];
    const files = urls.filter((url) => url.startsWith('file:')).map((url) => relative(root, fileURLToPath(url)));
    const builtins = urls.filter((url) => url.startsWith('node:'));
    return { code, out, err, files, builtins };
  } finally {
    // Ended by its process group even when a check above failed.
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  }
}

/** The command line's own files and the pure parts it prints with: all that `--version` and `--help` may load. */
const tableOnly = (file: string) =>
  file === 'bin/lobsterpot.js' ||
  // (node_modules never: a library is loaded by a command, not by the table)
  file === 'package.json' ||
  /^electron\/cli\/(main|args|spec|table|format|host-text|export-text|update-text)\.ts$/.test(file) ||
  /^electron\/cli\/entries\/\w+\.ts$/.test(file) ||
  // (the states table is pure data: the entries read what a state means from it)
  /^electron\/contract\/(errors|format|states)\.ts$/.test(file) ||
  /^electron\/\w+\/common\/[\w-]+\.ts$/.test(file);

describe('the fast client path (issue 23)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobsterpot-fast-'));
    hook = join(dir, 'hook.mjs');
    await writeFile(hook, HOOK);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('`--version` and `--help` load the table and its printers, nothing else', async () => {
    for (const args of [['--version'], ['--help'], ['stop', '--help']]) {
      const run = await traced(args);
      expect(run.code, run.err).toBe(0);
      expect(run.files).toContain('electron/cli/table.ts');
      expect(
        run.files.filter((file) => !tableOnly(file)),
        args.join(' '),
      ).toEqual([]);
    }
  });

  describe('with a supervisor running', () => {
    let endpoint: ControlEndpoint;
    const dataDir = () => join(dir, 'supervised');

    beforeAll(async () => {
      const answer = snapshot({
        profiles: [profileView('alpha', 21000)],
        gateways: [gatewayStatus('alpha', 21000, { state: 'ready', pid: 4242, owner: 'lobsterpot' })],
      });
      const claim = await claimSupervisor(dataDir(), 'serve', async (command): Promise<CommandReply> =>
        command === 'state.snapshot'
          ? { ok: true, result: answer }
          : { ok: false, error: { code: 'failed', message: `not here: ${String(command)}` } },
      );
      if (!('claimed' in claim)) throw new Error('another supervisor runs in the test data dir');
      endpoint = claim.claimed;
    });
    afterAll(async () => {
      await endpoint?.close();
    });

    it('`status --json` loads the table, the binder and contract, the socket client and the printers: no core', async () => {
      const run = await traced(['status', '--json'], dataDir());
      expect(run.code, run.err).toBe(0);
      expect(JSON.parse(run.out)).toMatchObject({ gateways: [{ profile: 'alpha', state: 'ready', pid: 4242 }] });
      // It did talk to the supervisor through the socket client.
      expect(run.files).toContain('electron/supervisor/node/control.ts');
      expect(run.files).toContain('electron/cli/bind.ts');
      const core = run.files.filter((file) =>
        /^electron\/(supervisor\/node\/manager|gateways\/node|profiles\/node|fleet\/node|hosts\/node|serve|ports\/node|openclaw\/node)/.test(
          file,
        ),
      );
      expect(core).toEqual([]);
      // node_modules may be a link to another checkout's: the package is the folder after the last node_modules/.
      const libraries = new Set(
        run.files.flatMap(
          (file) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(file)?.[1] ?? [],
        ),
      );
      expect([...libraries]).toContain('zod');
      for (const heavy of ['fastify', 'ws', 'conf', 'ajv', 'json5', 'trash', 'electron-store', 'proper-lockfile'])
        expect([...libraries], heavy).not.toContain(heavy);
      // Each is ~10 ms of a command's start: the claim's hash, the process table's and the old Node's re-run.
      for (const builtin of ['node:crypto', 'node:child_process']) expect(run.builtins, builtin).not.toContain(builtin);
    });
  });
});
