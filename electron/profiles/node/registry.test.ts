import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_SET_UP, ProfileRegistry } from './registry.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});
const home = () => {
  const root = mkdtempSync(join(tmpdir(), 'lp-registry-'));
  roots.push(root);
  return root;
};
const config = (port: number) =>
  JSON.stringify({ gateway: { mode: 'local', port, auth: { mode: 'token', token: 't' } } });

describe('ProfileRegistry', () => {
  it('finds set-up profiles, says which are not set up, and reads each config only when it changes', async () => {
    const h = home();
    mkdirSync(join(h, '.openclaw-alpha'));
    writeFileSync(join(h, '.openclaw-alpha', 'openclaw.json'), config(21000));
    mkdirSync(join(h, '.openclaw-bare'));
    const registry = new ProfileRegistry(h);
    const first = await registry.scan();
    expect(first.added.map((p) => p.name)).toEqual(['alpha', 'bare']);
    expect(registry.find('alpha')).toMatchObject({ configured: true, config: { port: 21000 }, configError: null });
    expect(registry.find('bare')).toMatchObject({ configured: false, config: null, configError: NOT_SET_UP });
    expect((await registry.scan()).changed).toEqual([]);
    writeFileSync(join(h, '.openclaw-alpha', 'openclaw.json'), config(21200));
    utimesSync(join(h, '.openclaw-alpha', 'openclaw.json'), new Date(), new Date(Date.now() + 5000));
    const second = await registry.scan();
    expect(second.changed.map((p) => p.name)).toEqual(['alpha']);
    expect(registry.find('ALPHA')?.config?.port).toBe(21200);
  });

  it('keeps a vanished profile that the caller still needs (its gateway runs), and drops the others', async () => {
    const h = home();
    for (const name of ['a', 'b']) {
      mkdirSync(join(h, `.openclaw-${name}`));
      writeFileSync(join(h, `.openclaw-${name}`, 'openclaw.json'), config(21000));
    }
    const registry = new ProfileRegistry(h);
    await registry.scan();
    rmSync(join(h, '.openclaw-a'), { recursive: true });
    rmSync(join(h, '.openclaw-b'), { recursive: true });
    const { removed } = await registry.scan((p) => p.name === 'a');
    expect(removed.map((p) => p.name)).toEqual(['b']);
    expect(registry.names()).toEqual(['a']);
  });

  it("a config that does not parse is that profile's error, not the scan's", async () => {
    const h = home();
    mkdirSync(join(h, '.openclaw-broken'));
    writeFileSync(join(h, '.openclaw-broken', 'openclaw.json'), '{ gateway: ');
    const registry = new ProfileRegistry(h);
    await registry.scan();
    expect(registry.find('broken')).toMatchObject({ configured: true, config: null });
    expect(registry.find('broken')?.configError).toBeTruthy();
  });
});
