import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Manager } from './manager.ts';

describe('Manager.reply, the door every transport uses', () => {
  let manager: Manager | null = null;
  afterEach(() => manager?.close({ leave: true }));

  const open = async () => {
    const root = mkdtempSync(join(tmpdir(), 'lp-manager-'));
    manager = await Manager.open({
      home: join(root, 'home'),
      dataDir: join(root, 'data'),
      locate: async () => ({ openclaw: null, node: null, problem: 'OpenClaw was not found.', fix: 'Install it.' }),
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
      home: join(root, 'home'),
      dataDir: join(root, 'data'),
      locate: async () => ({ openclaw: null, node: null, problem: 'OpenClaw was not found.', fix: 'Install it.' }),
      log: (message) => logged.push(message),
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
