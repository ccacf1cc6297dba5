// The npm package as a person gets it: `npm pack`, then `npm install -g` of the tarball into a fresh prefix, then the
// installed `lobsterpot` (the build, not the sources): --version, `serve` with its window, and a command through it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, signalGroup } from '../../electron/platform/node/processes.ts';
import { World, freePortBlock } from './world.ts';

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};
const run = promisify(execFile);
// The pinned Node first: the installed bin's `#!/usr/bin/env node` takes the first node on PATH, as a person's shell does.
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);

describe('the npm package, installed from its tarball', () => {
  let scratch: string;
  let prefix: string;
  let installed: string;
  let world: World;
  let server: ChildProcess | null = null;

  beforeAll(async () => {
    if (!existsSync(join(root, 'out', 'renderer', 'index.html')))
      throw new Error('the window is not built: `npm run build:renderer` first (npm run test:integration does)');
    scratch = mkdtempSync(join(tmpdir(), 'lp-package-'));
    prefix = join(scratch, 'prefix');
    const npm = (args: string[]) =>
      run('npm', args, { cwd: root, env: { ...process.env, PATH }, maxBuffer: 16 * 2 ** 20, timeout: 170_000 });
    // The renderer is built already (other tests serve it meanwhile); prepack would build it again in place.
    await npm(['run', 'build:cli']);
    const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch]);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    // Its dependencies from the npm cache `npm ci` filled, the registry asked only for what is not there.
    await npm([
      'install',
      '-g',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(scratch, filename),
    ]);
    installed = join(prefix, 'lib', 'node_modules', 'lobsterpot');
    world = await World.create();
  });

  afterAll(async () => {
    if (server?.pid && isAlive(server.pid)) signalGroup(server.pid, 'SIGKILL');
    await world?.dispose();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const lobsterpot = (args: string[]) =>
    run(join(prefix, 'bin', 'lobsterpot'), args, {
      env: { ...process.env, PATH, HOME: world.home, LOBSTERPOT_HOME: world.dataDir },
      timeout: 60_000,
    });

  it('holds the build and the window, and no source and no devDependency', () => {
    expect(existsSync(join(installed, 'out', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(installed, 'out', 'renderer', 'index.html'))).toBe(true);
    expect(existsSync(join(installed, 'electron'))).toBe(false);
    const present = new Set(readdirSync(join(installed, 'node_modules')));
    const scoped = [...present].filter((name) => name.startsWith('@'));
    for (const scope of scoped)
      for (const name of readdirSync(join(installed, 'node_modules', scope))) present.add(`${scope}/${name}`);
    expect(Object.keys(manifest.devDependencies).filter((name) => present.has(name))).toEqual([]);
  });

  it('lobsterpot --version', async () => {
    const { stdout } = await lobsterpot(['--version']);
    expect(stdout.trim()).toBe(`lobsterpot ${manifest.version}`);
  });

  it('lobsterpot serve: its window answers, and a command goes through it', async () => {
    server = spawn(join(prefix, 'bin', 'lobsterpot'), ['serve', '--port', String(await freePortBlock(10))], {
      env: { ...process.env, PATH, HOME: world.home, LOBSTERPOT_HOME: world.dataDir },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    server.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server?.once('exit', resolve));
    const printed = await world.until(
      `the server URL (it printed: ${out}${err})`,
      () => /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1],
      30_000,
    );
    // The token becomes a cookie on the first load; the page and its script then load with it.
    const first = await fetch(printed, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    const page = await fetch(new URL('/', printed), { headers: { cookie } });
    expect(page.status).toBe(200);
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(await page.text())?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(new URL(script as string, new URL('/', printed)), { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    const supervisor = JSON.parse((await lobsterpot(['supervisor', '--json'])).stdout) as {
      running: { pid: number; kind: string } | null;
    };
    expect(supervisor.running).toMatchObject({ pid: server.pid, kind: 'serve' });
    const status = JSON.parse((await lobsterpot(['status', '--json'])).stdout) as {
      gateways: unknown[];
      environment: { openclaw: { version: string } | null };
    };
    // The OpenClaw the world's settings name, found by the installed build.
    expect(status).toMatchObject({ gateways: [], environment: { openclaw: { version: expect.any(String) } } });

    server.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
