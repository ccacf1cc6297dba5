import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Manager } from './manager.ts';
import { isAlive } from '../../platform/node/processes.ts';

describe('Manager.reply, the door every transport uses', () => {
  let manager: Manager | null = null;
  afterEach(() => manager?.close({ leave: true }));

  const open = async () => {
    const root = mkdtempSync(join(tmpdir(), 'lp-manager-'));
    manager = await Manager.open({
      place: { home: join(root, 'home'), dataDir: join(root, 'data') },
      openclaw: {
        locate: async () => ({ openclaw: null, node: null, problem: 'OpenClaw was not found.', fix: 'Install it.' }),
      },
    });
    return manager;
  };

  it('answers a command with its result', async () => {
    const reply = await (await open()).reply('state.snapshot', {});
    expect(reply).toMatchObject({
      ok: true,
      result: { profiles: [], environment: { problem: 'OpenClaw was not found.' } },
    });
  });

  it('turns an unknown command, bad arguments and a refusal into coded errors, never a throw', async () => {
    const m = await open();
    expect(await m.reply('profiles.explode', {})).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: 'unknown command profiles.explode' },
    });
    expect(await m.reply('gateway.start', { name: 'a b' })).toEqual({
      ok: false,
      error: {
        code: 'invalid-argument',
        message: "name: may hold only letters, digits, '-' and '_', and must start with a letter or digit",
      },
    });
    expect(await m.reply('gateway.start', { name: 'ghost' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: "no profile named 'ghost'" },
    });
    expect(await m.reply('profiles.create', { name: 'fresh' })).toEqual({
      ok: false,
      error: { code: 'refused', message: 'OpenClaw was not found. Install it.' },
    });
  });

  it('a subscriber that throws is reported and never keeps the others from their events', async () => {
    const logged: string[] = [];
    const root = mkdtempSync(join(tmpdir(), 'lp-manager-'));
    manager = await Manager.open({
      place: { home: join(root, 'home'), dataDir: join(root, 'data') },
      openclaw: {
        locate: async () => ({ openclaw: null, node: null, problem: 'OpenClaw was not found.', fix: 'Install it.' }),
      },
      shell: { log: (message) => logged.push(message) },
    });
    const seen: string[] = [];
    manager.on(() => {
      throw new Error('a broken window');
    });
    manager.on((event) => seen.push(event.type));
    expect(await manager.reply('settings.update', { stopGraceMs: 5000 })).toMatchObject({ ok: true });
    expect(seen).toEqual(['settings-changed']);
    expect(logged.join('\n')).toMatch(/a subscriber failed on a settings-changed event: Error: a broken window/);
  });
});

describe('creating a profile', () => {
  let manager: Manager | null = null;
  afterEach(() => manager?.close({ leave: true }));

  /** A stand-in OpenClaw whose onboarding begins the state dir, starts a helper, and then hangs. */
  const hangingOpenClaw = (root: string) => {
    const entry = join(root, 'openclaw.mjs');
    writeFileSync(
      entry,
      `import { mkdirSync, writeFileSync } from 'node:fs';
       import { spawn } from 'node:child_process';
       const profile = process.argv[process.argv.indexOf('--profile') + 1];
       const dir = process.env.HOME + '/.openclaw-' + profile;
       mkdirSync(dir + '/workspace', { recursive: true });
       const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
       writeFileSync(dir + '/pids', JSON.stringify([process.pid, helper.pid]));
       setInterval(() => {}, 1000);`,
    );
    return entry;
  };

  it('Cancel during create does not cancel: it kills onboarding and moves the half-made profile to a backup', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lp-create-'));
    const home = join(root, 'home');
    mkdirSync(home);
    const entry = hangingOpenClaw(root);
    manager = await Manager.open({
      place: { home, dataDir: join(root, 'data') },
      openclaw: {
        locate: async () => ({
          openclaw: { path: entry, version: 'test' },
          node: { path: process.execPath, version: process.versions.node },
          problem: null,
          fix: null,
        }),
      },
    });
    const m = manager;
    const steps: string[] = [];
    m.on((event) => event.type === 'create-progress' && steps.push(event.step));
    const created = m.reply('profiles.create', { name: 'halfway', port: 42000 });
    const pidsFile = join(home, '.openclaw-halfway', 'pids');
    await vi.waitFor(() => expect(existsSync(pidsFile)).toBe(true), { timeout: 10_000 });
    const pids = JSON.parse(readFileSync(pidsFile, 'utf8')) as number[];

    expect(await m.reply('profiles.cancelCreate', { name: 'halfway' })).toEqual({
      ok: true,
      result: { cancelled: true },
    });
    const reply = await created;
    expect(reply).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(!reply.ok && reply.error.message).toMatch(
      /^creating halfway was cancelled; the half-made profile was moved to /,
    );
    expect(steps).toEqual(['choosing-port', 'onboarding', 'cancelled']);
    // Onboarding and its helper are gone; the folder is in a dated backup, not deleted.
    await vi.waitFor(() => expect(pids.filter(isAlive)).toEqual([]), { timeout: 5000 });
    expect(existsSync(join(home, '.openclaw-halfway'))).toBe(false);
    const [backup] = readdirSync(join(root, 'data', 'backups'));
    expect(backup).toMatch(/^openclaw-halfway-/);
    expect(existsSync(join(root, 'data', 'backups', backup as string, 'workspace'))).toBe(true);
    expect(m.snapshot().profiles.map((p) => p.name)).toEqual([]);
    expect(await m.reply('profiles.cancelCreate', { name: 'halfway' })).toEqual({
      ok: true,
      result: { cancelled: false },
    });
  });
});
