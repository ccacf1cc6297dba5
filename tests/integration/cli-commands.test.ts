// The real `lobsterpot` command, as a separate process, against one real gateway shared by the whole file. The world's
// settings name no OpenClaw: the CLI finds the one `npm start` / `npm test` installed in .cache by itself.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalGroup } from '../../electron/platform/node/processes.ts';
import { BIN, lobsterpot } from './cli.ts';
import { REAL_OPENCLAW, World, freePortBlock } from './world.ts';

describe('the lobsterpot command against a real gateway', () => {
  let world: World;
  let base: number;

  const json = async (args: string[]) => {
    const result = await lobsterpot(world, [...args, '--json']);
    return { ...result, value: JSON.parse(result.out || 'null') as Record<string, unknown> };
  };

  beforeAll(async () => {
    world = await World.create({ openclawPath: null, nodePath: null });
    base = world.basePort;
    const created = await lobsterpot(world, ['create', 'alpha', '--port', String(base)]);
    expect(created, created.err).toMatchObject({ code: 0 });
    const started = await json(['start', 'alpha']);
    expect(started.value, started.err).toMatchObject({ results: [{ profile: 'alpha', ok: true, state: 'ready' }] });
    const status = await json(['status', 'alpha']);
    const pid = (status.value.gateways as { pid: number }[])[0]?.pid;
    if (pid) world.pids.add(pid);
  });

  afterAll(async () => {
    if (world) await lobsterpot(world, ['stop', 'alpha', '--force']);
    await world?.dispose();
  });

  it('the CLI cannot find the OpenClaw that npm start installed (.cache/openclaw): status and --verbose name it', async () => {
    const status = await lobsterpot(world, ['status', 'alpha']);
    expect(status.code).toBe(0);
    expect(status.out).toContain(`OpenClaw 2026.9.6 at ${REAL_OPENCLAW}`);
    const verbose = await lobsterpot(world, ['list', '--verbose']);
    expect(verbose.err).toContain(`OpenClaw 2026.9.6 at ${REAL_OPENCLAW}`);
    expect(verbose.err).toMatch(/Node v24\.\d+\.\d+ at /);
  });

  it('create --port on a held port exits 0: it is refused with exit 3, naming the holder', async () => {
    const held = base + 600;
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(held, '127.0.0.1', resolve));
    try {
      const refused = await lobsterpot(world, ['create', 'beta', '--port', String(held)]);
      expect(refused.code).toBe(3);
      expect(refused.err).toContain(`pid ${process.pid}`);
      expect(refused.err).toContain(`already listens on ${held}, beta's base port`);
      expect(existsSync(`${world.home}/.openclaw-beta`)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('logs: the gateway’s own lines, one profile or all of them', async () => {
    const one = await lobsterpot(world, ['logs', 'alpha', '-n', '5']);
    expect(one.code).toBe(0);
    expect(one.out.trim().split('\n')).toHaveLength(5);
    const all = await json(['logs', '-n', '3']);
    expect(all.value.lines).toEqual([
      expect.objectContaining({ profile: 'alpha' }),
      expect.objectContaining({ profile: 'alpha' }),
      expect.objectContaining({ profile: 'alpha' }),
    ]);
  });

  it('logs -f prints new lines as the gateway writes them, until Ctrl-C', async () => {
    const child = spawn(process.execPath, [BIN, 'logs', 'alpha', '-f', '-n', '1'], {
      env: { ...process.env, HOME: world.home, LOBSTERPOT_HOME: world.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await world.until('the last line', () => out.length > 0, 30_000);
    const before = out;
    // A restart makes the gateway write its startup lines again.
    const restarted = await json(['restart', 'alpha']);
    expect(restarted.value).toMatchObject({ results: [{ ok: true }] });
    const pid = ((await json(['status', 'alpha'])).value.gateways as { pid: number }[])[0]?.pid;
    if (pid) world.pids.add(pid);
    await world.until(
      'new lines while following',
      () => out.length > before.length && /ready/.test(out.slice(before.length)),
      60_000,
    );
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('browser: the browser status, summarised and raw', async () => {
    const raw = await json(['browser', 'alpha']);
    expect(raw.code, raw.err).toBe(0);
    expect(raw.value).toHaveProperty('enabled');
    const human = await lobsterpot(world, ['browser', 'alpha']);
    // The words of the summary (common/browser-summary.ts): a headline, then the facts, each on its line.
    expect(human.out).toMatch(/^Browser (not running|running|status unknown|control is turned off)/);
    expect(human.out).toMatch(/\n {2}Browser +\S/);
  });

  it('ports: the footprint with the gateway listening on its base port', async () => {
    const { value, code } = await json(['ports']);
    expect(code).toBe(0);
    const alpha = (
      value.footprints as { profile: string; spans: { from: number; listeners: { profile?: string }[] }[] }[]
    )[0];
    expect(alpha?.profile).toBe('alpha');
    expect(alpha?.spans[0]).toMatchObject({ from: base, listeners: [expect.objectContaining({ profile: 'alpha' })] });
    expect(value.suggested).toEqual(expect.any(Number));
    const table = await lobsterpot(world, ['ports']);
    expect(table.out).toContain(`alpha    ${base}`);
  });

  it('open --print: the Control UI’s URL, which the gateway serves', async () => {
    const { out, code } = await lobsterpot(world, ['open', 'alpha', '--print']);
    expect(code).toBe(0);
    // The link OpenClaw's own `dashboard` gives (a one-time pairing after the #), or the token URL where it has none.
    const url = new URL(out.trim());
    expect(`${url.origin}${url.pathname}`).toBe(`http://127.0.0.1:${base}/`);
    expect(url.hash).toMatch(/^#(bootstrapToken|token)=/);
    expect((await fetch(`${url.origin}${url.pathname}`)).status).toBe(200);
  });

  it('clone, then delete: refused off a terminal without --yes, done with it', async () => {
    const cloned = await json(['clone', 'alpha', 'gamma', '--port', String(base + 300)]);
    expect(cloned.code, cloned.err).toBe(0);
    expect(cloned.value.profile).toMatchObject({ name: 'gamma', effectivePort: base + 300 });
    const refused = await lobsterpot(world, ['delete', 'gamma']);
    expect(refused.code).toBe(3);
    expect(existsSync(`${world.home}/.openclaw-gamma`)).toBe(true);
    const deleted = await json(['delete', 'gamma', '--yes']);
    expect(deleted.value).toMatchObject({ profile: 'gamma', deleted: true, movedTo: expect.any(String) });
    expect(existsSync(`${world.home}/.openclaw-gamma`)).toBe(false);
    expect(existsSync(deleted.value.movedTo as string)).toBe(true);
  });

  it('settings: set one, read it back; an unknown flag is refused before anything runs', async () => {
    expect((await lobsterpot(world, ['settings', 'set', 'stopGraceMs', '12000'])).code).toBe(0);
    expect(((await json(['settings'])).value.settings as { stopGraceMs: number }).stopGraceMs).toBe(12000);
    const typo = await lobsterpot(world, ['stop', 'alpha', '--forse']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('unknown flag --forse; did you mean --force?');
    expect(((await json(['status', 'alpha'])).value.gateways as { state: string }[])[0]?.state).toBe('ready');
  });

  it('with `serve` running, the same commands go to it, and --verbose says so', async () => {
    const server = spawn(process.execPath, [BIN, 'serve', '--port', String(await freePortBlock(10))], {
      env: { ...process.env, HOME: world.home, LOBSTERPOT_HOME: world.dataDir },
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let printed = '';
    server.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const exited = new Promise((resolve) => server.once('exit', resolve));
    try {
      await world.until('the server URL', () => /\?token=/.test(printed), 30_000);
      const status = await lobsterpot(world, ['status', 'alpha', '--verbose']);
      expect(status.err).toContain(`acting through the \`lobsterpot serve\` supervisor (pid ${server.pid})`);
      expect(status.out).toMatch(/^PROFILE .*\nalpha +ready/);
      expect((await json(['ports'])).value.suggested).toEqual(expect.any(Number));
      expect((await lobsterpot(world, ['logs', 'alpha', '-n', '2'])).out.trim().split('\n')).toHaveLength(2);
    } finally {
      if (server.pid) signalGroup(server.pid, 'SIGTERM');
      await exited;
    }
  });
});
