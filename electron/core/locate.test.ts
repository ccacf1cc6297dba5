import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSupportedNode, locateOpenClaw } from './locate.ts';

function fakeInstall() {
  const root = mkdtempSync(join(tmpdir(), 'lp-locate-'));
  const pkg = join(root, 'lib', 'node_modules', 'openclaw');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'openclaw.mjs'), '');
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ version: '2026.9.6' }));
  mkdirSync(join(root, 'bin'));
  symlinkSync(join(pkg, 'openclaw.mjs'), join(root, 'bin', 'openclaw'));
  writeFileSync(join(root, 'bin', 'node'), '');
  return root;
}

describe('locating OpenClaw and Node', () => {
  it('knows which Node OpenClaw supports', () => {
    expect(['v24.16.0', 'v24.21.0', 'v26.1.0', 'v27.0.0'].every(isSupportedNode)).toBe(true);
    expect(['v20.20.2', 'v24.15.9', 'v25.9.0', 'v26.0.0', 'garbage'].some(isSupportedNode)).toBe(false);
  });

  it('follows the launcher on PATH to openclaw.mjs and pairs it with a supported Node', async () => {
    const root = fakeInstall();
    const environment = await locateOpenClaw({
      env: { PATH: join(root, 'bin'), HOME: root },
      nodeVersion: async (path) => (path === join(root, 'bin', 'node') ? 'v24.21.0' : 'v20.20.2'),
    });
    expect(environment).toEqual({
      openclaw: { path: join(root, 'lib', 'node_modules', 'openclaw', 'openclaw.mjs'), version: '2026.9.6' },
      node: { path: join(root, 'bin', 'node'), version: 'v24.21.0' },
      problem: null,
      fix: null,
    });
  });

  it('reports an unsupported Node as a problem with its fix', async () => {
    const root = fakeInstall();
    const environment = await locateOpenClaw({
      env: { PATH: join(root, 'bin'), HOME: root },
      nodeVersion: async () => 'v20.20.2',
    });
    expect(environment.node).toBeNull();
    expect(environment.problem).toMatch(/needs Node 24.16 or newer; found only v20.20.2 at /);
    expect(environment.fix).toMatch(/Install Node 24/);
  });

  it('reports a missing OpenClaw, and a bad location setting, with the fix', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lp-locate-'));
    const missing = await locateOpenClaw({
      env: { PATH: empty, HOME: empty },
      loginShellPath: async () => null,
      usualDirs: [],
    });
    expect(missing).toMatchObject({ openclaw: null, fix: expect.stringMatching(/npm install -g openclaw/) });
    const wrong = await locateOpenClaw({ openclawPath: join(empty, 'nope'), env: { PATH: '', HOME: empty } });
    expect(wrong).toMatchObject({ openclaw: null, problem: expect.stringMatching(/set in Settings/) });
  });
});
