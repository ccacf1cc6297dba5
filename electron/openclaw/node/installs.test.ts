import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../../contract/fixtures.ts';
import { compareVersions } from '../common/versions.ts';
import { installVersion, listInstalled, runtimeOf, skewOf, versionsOf, type NpmRun } from './installs.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lp-installs-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** An npm prefix holding `openclaw@version` as npm lays it out. */
async function fakePackage(prefix: string, version: string) {
  const dir = join(prefix, 'node_modules', 'openclaw');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'openclaw', version }));
  await writeFile(join(dir, 'openclaw.mjs'), '');
  return join(dir, 'openclaw.mjs');
}

const environment = snapshot().environment;
const LOCATED = environment.openclaw?.path ?? '';

describe('the installs beside the located OpenClaw', () => {
  it('lists each version folder that holds an openclaw package, in version order, and skips the rest', async () => {
    await fakePackage(join(root, '2026.9.6'), '2026.9.6');
    await fakePackage(join(root, '2026.10.1'), '2026.10.1');
    await fakePackage(join(root, '2026.4.27'), '2026.4.27');
    await mkdir(join(root, 'empty'));
    await fakePackage(join(root, '.installing-2026.11.1-7'), '2026.11.1');
    expect(listInstalled(root).map((i) => i.version)).toEqual(['2026.4.27', '2026.9.6', '2026.10.1']);
    expect(listInstalled(join(root, 'missing'))).toEqual([]);
  });

  it('orders date versions numerically', () => {
    expect(['2026.10.1', '2026.4.27', '2026.9.6', null].sort(compareVersions)).toEqual([
      '2026.4.27',
      '2026.9.6',
      '2026.10.1',
      null,
    ]);
  });

  it("a profile's runtime: its pinned install with the located Node, in-process mode; a missing one says the fix", async () => {
    const entry = await fakePackage(join(root, '2026.4.27'), '2026.4.27');
    const pinned = runtimeOf(
      { ...environment, handoff: { supported: true, protocolVersion: 1, checkedAt: 0, why: null } },
      join(root, '2026.4.27'),
    );
    expect(pinned.openclaw).toEqual({ path: entry, version: '2026.4.27' });
    expect(pinned.node).toEqual(environment.node);
    expect(pinned.handoff).toBeNull();
    expect(runtimeOf(environment, null)).toBe(environment);
    const missing = runtimeOf(environment, join(root, 'gone'));
    expect(missing.openclaw).toBeNull();
    expect(missing.problem).toContain('gone');
  });

  it('says which profile is set to which install, and a skew only between running versions', async () => {
    const entry = await fakePackage(join(root, '2026.4.27'), '2026.4.27');
    const report = versionsOf(environment, listInstalled(root), [
      { profile: 'alpha', state: 'ready', pinned: null, running: '2026.9.6' },
      { profile: 'beta', state: 'ready', pinned: entry, running: '2026.4.27' },
      { profile: 'gamma', state: 'stopped', pinned: null, running: null },
    ]);
    expect(report.installs).toEqual([
      { version: '2026.9.6', path: LOCATED, source: 'located', profiles: ['alpha', 'gamma'] },
      { version: '2026.4.27', path: entry, source: 'lobsterpot', profiles: ['beta'] },
    ]);
    expect(report.skew?.versions).toEqual([
      { version: '2026.4.27', profiles: ['beta'] },
      { version: '2026.9.6', profiles: ['alpha'] },
    ]);
    expect(report.skew?.message).toBe(
      'Gateways run different OpenClaw versions: 2026.4.27 (beta), 2026.9.6 (alpha). Update the others or roll back (lobsterpot update).',
    );
    expect(
      skewOf([
        { profile: 'a', running: '2026.9.6' },
        { profile: 'b', running: '2026.9.6' },
        { profile: 'c', running: null },
      ]),
    ).toBeNull();
  });

  it("a profile's own prefix is an install of its own", async () => {
    const own = await fakePackage(join(root, 'my-prefix', 'lib'), '2026.8.1');
    const report = versionsOf(environment, [], [{ profile: 'alpha', state: 'stopped', pinned: own, running: null }]);
    expect(report.installs[1]).toEqual({ version: '2026.8.1', path: own, source: 'profile', profiles: ['alpha'] });
  });
});

describe('installing a version with npm', () => {
  it('installs into a staging folder, then moves it to <root>/<version>; npm sees the located Node first', async () => {
    const calls: { args: string[]; path: string | undefined }[] = [];
    const npm: NpmRun = async (args, { env }) => {
      calls.push({ args, path: env.PATH });
      await fakePackage(args[2] ?? '', '2026.4.27');
      return { code: 0, output: 'added 387 packages in 1m' };
    };
    let now = 1000;
    const result = await installVersion('2026.4.27', {
      root,
      nodePath: '/n/bin/node',
      env: { PATH: '/usr/bin' },
      npm,
      now: () => (now += 500),
    });
    expect(result).toEqual({
      version: '2026.4.27',
      path: join(root, '2026.4.27', 'node_modules', 'openclaw', 'openclaw.mjs'),
      already: false,
      tookMs: 500,
    });
    expect(calls[0]?.args).toEqual([
      'install',
      '--prefix',
      join(root, `.installing-2026.4.27-${process.pid}`),
      '--no-save',
      '--no-audit',
      '--no-fund',
      'openclaw@2026.4.27',
    ]);
    expect(calls[0]?.path).toBe('/n/bin:/usr/bin');
    expect(
      JSON.parse(await readFile(join(root, '2026.4.27', 'node_modules', 'openclaw', 'package.json'), 'utf8')).version,
    ).toBe('2026.4.27');
    // Already there: npm is not asked again.
    expect((await installVersion('2026.4.27', { root, nodePath: null, env: {}, npm })).already).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it("a failed install leaves nothing behind and says npm's last lines", async () => {
    const npm: NpmRun = async (args) => {
      await mkdir(args[2] ?? '', { recursive: true });
      return {
        code: 1,
        output: 'npm error code ETARGET\nnpm error notarget No matching version found for openclaw@2099.1.1.',
      };
    };
    await expect(installVersion('2099.1.1', { root, nodePath: null, env: {}, npm })).rejects.toThrow(
      /npm install openclaw@2099\.1\.1 failed \(exit 1\): npm error code ETARGET\nnpm error notarget No matching version/,
    );
    expect(existsSync(join(root, '2099.1.1'))).toBe(false);
    expect(listInstalled(root)).toEqual([]);
  });
});
