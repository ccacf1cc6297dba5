import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { LobsterpotError } from '../../contract/contract.ts';
import { SettingsStore, migrateSettings, type SettingsBackendOptions } from './settings.ts';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'lp-settings-')), 'settings.json');
const asides = (file: string) => readdirSync(join(file, '..')).filter((name) => name.includes('.corrupt-'));
const onDisk = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

async function loadWarned(file: string) {
  const warnings: string[] = [];
  const store = await SettingsStore.load(file, (w) => warnings.push(w));
  return { store, warnings };
}

describe('settings', () => {
  it('starts from the defaults and persists changes', async () => {
    const file = fresh();
    const store = await SettingsStore.load(file);
    expect(store.get().stopGraceMs).toBe(30000);
    expect(store.get()).toMatchObject({ logMaxBytes: 5 * 1024 * 1024, logKeep: 3 });
    expect(existsSync(file)).toBe(false);
    await store.update({ stopGraceMs: 5000 });
    await store.setFlags('alpha', { autostart: true });
    const again = await SettingsStore.load(file);
    expect(again.get().stopGraceMs).toBe(5000);
    expect(again.flagsOf('alpha')).toEqual({
      autostart: true,
      restartOnCrash: true,
      color: null,
      notes: '',
      mcpActions: false,
      openclawRuntime: null,
    });
    expect(again.flagsOf('other').autostart).toBe(false);
    expect(onDisk(file)).toMatchObject({ version: 1, stopGraceMs: 5000 });
    await again.forgetProfile('alpha');
    expect((await SettingsStore.load(file)).flagsOf('alpha').autostart).toBe(false);
  });

  it('a corrupt settings.json is moved aside with a dated name, the defaults used, the user told once', async () => {
    const file = fresh();
    writeFileSync(file, '{ not json');
    const { store, warnings } = await loadWarned(file);
    expect(store.get().stopGraceMs).toBe(30000);
    const [aside] = asides(file);
    expect(aside).toMatch(/^settings\.json\.corrupt-\d{8}-\d{6}$/);
    expect(readFileSync(join(file, '..', aside as string), 'utf8')).toBe('{ not json');
    expect(warnings).toEqual([
      `Settings file ${file} is not valid JSON (${warnings[0]?.match(/JSON \((.*)\); it was/)?.[1]}); it was moved to ${join(file, '..', aside as string)} and the defaults are in use.`,
    ]);
    await store.update({ stopGraceMs: 1000 });
    await SettingsStore.load(file, (w) => warnings.push(w));
    expect(warnings).toHaveLength(1);
  });

  it('a settings.json that is a directory is moved aside, not silently replaced by defaults', async () => {
    const file = fresh();
    mkdirSync(file);
    writeFileSync(join(file, 'inside'), 'x');
    const { store, warnings } = await loadWarned(file);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Settings file .*settings\.json is a folder, not a file; it was moved to .*corrupt-/);
    expect(statSync(join(file, '..', asides(file)[0] as string)).isDirectory()).toBe(true);
    await store.update({ stopGraceMs: 1000 });
    expect(onDisk(file)).toMatchObject({ stopGraceMs: 1000 });
  });

  it('an unreadable settings.json is moved aside and named, not silently replaced by defaults', async () => {
    const file = fresh();
    writeFileSync(file, '{}');
    // Tests may run as root, where a mode of 000 still reads: the store reports the permission error instead.
    const denied = Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
    const unreadable = () => ({
      path: file,
      get store(): Record<string, unknown> {
        throw denied;
      },
      set() {},
    });
    const warnings: string[] = [];
    const store = await SettingsStore.load(file, (w) => warnings.push(w), unreadable);
    expect(store.get().stopGraceMs).toBe(30000);
    expect(warnings).toEqual([
      expect.stringMatching(/settings\.json cannot be read \(permission denied\); it was moved/),
    ]);
    expect(existsSync(file)).toBe(false);
    expect(asides(file)).toHaveLength(1);
  });

  it('a file against the schema is moved aside with the field and the rule', async () => {
    const file = fresh();
    writeFileSync(file, JSON.stringify({ version: 1, stopGraceMs: 'soon' }));
    const { store, warnings } = await loadWarned(file);
    expect(store.get().stopGraceMs).toBe(30000);
    expect(warnings[0]).toMatch(/does not fit the settings schema \(stopGraceMs: must be a number \(got "soon"\)\)/);
    expect(existsSync(file)).toBe(false);
  });

  it("migrates today's unversioned file without a warning", async () => {
    const file = fresh();
    const today = {
      openclawPath: 'openclaw',
      nodePath: '/usr/bin/node',
      stopGraceMs: 5000,
      quitPolicy: 'leave-running',
      launchAtLogin: true,
      basePortStart: 30000,
      profiles: { main: { autostart: true, restartOnCrash: false, color: '#ff8800', notes: 'n' } },
    };
    writeFileSync(file, JSON.stringify(today, null, 2));
    const { store, warnings } = await loadWarned(file);
    expect(warnings).toEqual([]);
    expect(store.get()).toMatchObject({ ...today, openclawPath: null, logKeep: 3 });
    expect(onDisk(file)).toMatchObject({ version: 1, openclawPath: null, stopGraceMs: 5000 });
    expect(migrateSettings({ version: 1, stopGraceMs: 1 })).toEqual({ version: 1, stopGraceMs: 1 });
  });

  it('keeps the version and the fields of a file written by a newer Lobsterpot', async () => {
    const file = fresh();
    writeFileSync(file, JSON.stringify({ version: 7, stopGraceMs: 4000, futureField: 'x' }));
    const { store, warnings } = await loadWarned(file);
    expect(warnings).toEqual([]);
    await store.update({ logKeep: 5 });
    expect(onDisk(file)).toMatchObject({ version: 7, stopGraceMs: 4000, futureField: 'x', logKeep: 5 });
  });

  it('refuses a bad change with the field and the rule, and writes nothing', async () => {
    const file = fresh();
    const store = await SettingsStore.load(file);
    await store.update({ stopGraceMs: 1000 });
    const error = await store.update({ stopGraceMs: -1, logKeep: 99 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LobsterpotError);
    expect((error as Error).message).toBe('stopGraceMs: must be ≥ 0 (got -1); logKeep: must be at most 20 (got 99)');
    expect(onDisk(file).stopGraceMs).toBe(1000);
    expect(store.get().stopGraceMs).toBe(1000);
  });

  it('builds its store with the file in the data dir, never a project-named folder', async () => {
    const file = fresh();
    const seen: SettingsBackendOptions[] = [];
    const store = await SettingsStore.load(file, undefined, (options) => {
      seen.push(options);
      return new Conf<Record<string, unknown>>(options);
    });
    await store.update({ logKeep: 4 });
    expect(seen[0]).toMatchObject({ cwd: join(file, '..'), configName: 'settings', name: 'settings' });
    expect(onDisk(file).logKeep).toBe(4);
  });
});

describe('two processes saving settings at once', () => {
  const child = (file: string, prefix: string, count: number) =>
    new Promise<void>((resolve, reject) => {
      const script = `
        const { SettingsStore } = await import(${JSON.stringify(new URL('./settings.ts', import.meta.url).href)});
        const store = await SettingsStore.load(${JSON.stringify(file)});
        for (let i = 0; i < ${count}; i++) await store.setFlags('${prefix}' + i, { notes: String(i) });
        await store.update({ ${prefix === 'a' ? 'stopGraceMs' : 'basePortStart'}: 12345 });
      `;
      const proc = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      proc.on('error', reject);
      proc.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`child ${prefix} exited ${code}: ${stderr}`)),
      );
    });

  it('lose nothing: two child processes and two stores in this one hammer different keys', async () => {
    const file = fresh();
    const count = 15;
    const [first, second] = await Promise.all([SettingsStore.load(file), SettingsStore.load(file)]);
    const here = async (store: SettingsStore, prefix: string) => {
      for (let i = 0; i < count; i++) await store.setFlags(`${prefix}${i}`, { autostart: true });
    };
    await Promise.all([child(file, 'a', count), child(file, 'b', count), here(first, 'c'), here(second, 'd')]);
    const settings = (await SettingsStore.load(file)).get();
    for (const prefix of ['a', 'b', 'c', 'd']) {
      for (let i = 0; i < count; i++) expect(settings.profiles[`${prefix}${i}`], `${prefix}${i}`).toBeDefined();
    }
    expect(Object.keys(settings.profiles)).toHaveLength(4 * count);
    expect(settings).toMatchObject({ stopGraceMs: 12345, basePortStart: 12345 });
  }, 60_000);
});
