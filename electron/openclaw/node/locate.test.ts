import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSupportedNode, locateOpenClaw, projectInstall } from './locate.ts';

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
      machine: {
        project: null,
        nodeVersion: async (path) => (path === join(root, 'bin', 'node') ? 'v24.21.0' : 'v20.20.2'),
      },
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
      machine: { project: null, nodeVersion: async () => 'v20.20.2' },
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
      machine: { project: null, usualDirs: [] },
    });
    expect(missing).toMatchObject({ openclaw: null, fix: expect.stringMatching(/npm install -g openclaw/) });
    const wrong = await locateOpenClaw({
      chosen: { openclawPath: join(empty, 'nope') },
      env: { PATH: '', HOME: empty },
    });
    expect(wrong).toMatchObject({ openclaw: null, problem: expect.stringMatching(/set in Settings/) });
  });

  it('a packaged app with no OpenClaw says how to install one, not "run npm start" (it has no Lobsterpot folder)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lp-locate-'));
    const options = { env: { PATH: empty, HOME: empty }, loginShellPath: async () => null };
    const installed = await locateOpenClaw({ ...options, machine: { project: null, usualDirs: [] } });
    expect(installed.fix).toMatch(/npm install -g openclaw/);
    expect(installed.fix).not.toMatch(/npm start/);
    const checkout = await locateOpenClaw({
      ...options,
      machine: {
        project: { openclaw: join(empty, '.cache', 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs'), node: '' },
        usualDirs: [],
      },
    });
    expect(checkout.fix).toMatch(/npm start/);
  });

  it('the CLI cannot find the OpenClaw that npm start installed in .cache: found after the setting, before PATH', async () => {
    const onPath = fakeInstall();
    const checkout = mkdtempSync(join(tmpdir(), 'lp-checkout-'));
    const pkg = join(checkout, '.cache', 'openclaw', 'node_modules', 'openclaw');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'openclaw.mjs'), '');
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ version: '2026.9.6' }));
    mkdirSync(join(checkout, 'node_modules', 'node', 'bin'), { recursive: true });
    writeFileSync(join(checkout, 'node_modules', 'node', 'bin', 'node'), '');
    writeFileSync(join(checkout, 'package.json'), '{}');
    mkdirSync(join(checkout, 'electron', 'core'), { recursive: true });
    const project = projectInstall(join(checkout, 'electron', 'core'), 'linux');
    expect(project).toEqual({
      openclaw: join(pkg, 'openclaw.mjs'),
      node: join(checkout, 'node_modules', 'node', 'bin', 'node'),
    });
    const pinned = project?.node ?? '';
    const environment = await locateOpenClaw({
      env: { PATH: join(onPath, 'bin'), HOME: onPath },
      machine: {
        project,
        // Only the pinned Node is supported here: this process's own Node must not be the one chosen.
        nodeVersion: async (path) => (path === pinned ? 'v24.21.0' : 'v20.20.2'),
      },
    });
    expect(environment.openclaw).toEqual({ path: join(pkg, 'openclaw.mjs'), version: '2026.9.6' });
    expect(environment.node?.path).toBe(pinned);
    // The setting still wins.
    const set = await locateOpenClaw({
      chosen: { openclawPath: join(onPath, 'bin', 'openclaw') },
      env: { PATH: '', HOME: onPath },
      machine: { project, nodeVersion: async () => 'v24.21.0' },
    });
    expect(set.openclaw?.path).toBe(join(onPath, 'lib', 'node_modules', 'openclaw', 'openclaw.mjs'));
  });

  it('the npm package pointed at a .cache/openclaw and an `npm start` of its own: no checkout, so neither', async () => {
    // What `npm install -g` lays out: package.json and node_modules beside the build, no sources, no .cache.
    const installed = mkdtempSync(join(tmpdir(), 'lp-installed-'));
    writeFileSync(join(installed, 'package.json'), '{}');
    mkdirSync(join(installed, 'node_modules', 'fastify'), { recursive: true });
    mkdirSync(join(installed, 'out', 'cli'), { recursive: true });
    expect(projectInstall(join(installed, 'out', 'cli'), 'linux')).toBeNull();
    const empty = mkdtempSync(join(tmpdir(), 'lp-locate-'));
    const missing = await locateOpenClaw({
      env: { PATH: empty, HOME: empty },
      loginShellPath: async () => null,
      machine: { project: null, usualDirs: [] },
    });
    expect(missing.problem).toBe('OpenClaw was not found, on PATH or in the usual install places.');
    expect(missing.fix).toMatch(/^Install it with `npm install -g openclaw`/);
  });

  it('says how to get OpenClaw when none is found: the project install first', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lp-locate-'));
    const missing = await locateOpenClaw({
      env: { PATH: empty, HOME: empty },
      loginShellPath: async () => null,
      machine: {
        project: {
          openclaw: join(empty, '.cache', 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs'),
          node: join(empty, 'node'),
        },
        usualDirs: [],
      },
    });
    expect(missing.problem).toBe(
      `OpenClaw was not found in ${join(empty, '.cache', 'openclaw')}, on PATH or in the usual install places.`,
    );
    expect(missing.fix).toMatch(/^Run `npm start` \(or `npm run setup:openclaw`\)/);
  });
});
