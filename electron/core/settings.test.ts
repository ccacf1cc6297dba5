import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from './settings.ts';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'lp-settings-')), 'settings.json');

describe('settings', () => {
  it('starts from the defaults and persists changes', async () => {
    const file = fresh();
    const store = await SettingsStore.load(file);
    expect(store.get().stopGraceMs).toBe(30000);
    await store.update({ stopGraceMs: 5000 });
    await store.setFlags('alpha', { autostart: true });
    const again = await SettingsStore.load(file);
    expect(again.get().stopGraceMs).toBe(5000);
    expect(again.flagsOf('alpha')).toEqual({ autostart: true, restartOnCrash: true, color: null, notes: '' });
    expect(again.flagsOf('other').autostart).toBe(false);
  });

  it('moves a corrupt file aside and loads the backup, with a warning', async () => {
    const file = fresh();
    const store = await SettingsStore.load(file);
    await store.update({ stopGraceMs: 1234 });
    await store.update({ stopGraceMs: 5678 }); // .bak now holds 1234
    writeFileSync(file, '{ not json');
    const warnings: string[] = [];
    const loaded = await SettingsStore.load(file, (w) => warnings.push(w));
    expect(loaded.get().stopGraceMs).toBe(1234);
    expect(warnings[0]).toMatch(/moved to .*corrupt.* and the backup was loaded/);
    const aside = readdirSync(join(file, '..')).find((name) => name.includes('corrupt'));
    expect(readFileSync(join(file, '..', aside!), 'utf8')).toBe('{ not json');
  });

  it('loads the defaults when there is no usable backup', async () => {
    const file = fresh();
    writeFileSync(file, JSON.stringify({ stopGraceMs: 'soon' }));
    const warnings: string[] = [];
    const loaded = await SettingsStore.load(file, (w) => warnings.push(w));
    expect(loaded.get().stopGraceMs).toBe(30000);
    expect(warnings[0]).toMatch(/stopGraceMs/);
    expect(existsSync(file)).toBe(false);
  });
});
