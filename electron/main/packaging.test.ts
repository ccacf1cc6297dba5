// The packaging configuration, checked by electron-builder's own schema and against what the issue asks, without the
// Electron binary (which `npm run dist` needs and which comes from GitHub releases).
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  homepage?: string;
  author?: { email?: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const pngSize = (png: Buffer) => {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
};
const icon = (name: string) => readFileSync(join(root, 'build', 'icons', name));

describe('electron-builder configuration', async () => {
  const config = await getConfig(root, null, null);

  it("passes electron-builder's own validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage and deb, dmg, nsis; the mac app lives in the menu bar only', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    expect(config.mac?.extendInfo).toMatchObject({ LSUIElement: true });
  });

  it('gives the deb a maintainer with an e-mail, a homepage and a category', () => {
    expect(config.linux?.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.author?.email).toMatch(/@/);
    expect(config.linux?.category).toBe('Utility');
  });

  it('sets the fuses of Electron’s security checklist', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('ships the icons where main looks for them (resources/icons)', () => {
    expect(config.extraResources).toEqual([{ from: 'build/icons', to: 'icons' }]);
  });

  it('packs the build output and the production dependencies main needs, not the renderer’s libraries', () => {
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json'] }]);
    for (const runtime of ['electron-store', 'conf', 'zod', 'ws', 'json5', 'trash', 'proper-lockfile']) {
      expect(manifest.dependencies).toHaveProperty(runtime);
    }
    for (const bundled of ['react', 'react-dom', 'zustand', 'electron', 'electron-builder']) {
      expect(manifest.dependencies).not.toHaveProperty(bundled);
      expect(manifest.devDependencies).toHaveProperty(bundled);
    }
  });
});

describe('what main loads at run time', () => {
  it('is in dependencies, so the packaged app finds it', () => {
    const sources = readdirSync(join(root, 'electron'), { recursive: true, encoding: 'utf8' })
      .filter((file) => !/^(cli|serve)\//.test(file) && file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => readFileSync(join(root, 'electron', file), 'utf8'));
    const packages = new Set(
      sources.flatMap((source) =>
        [...source.matchAll(/^import (?!type )[^;]*? from '([^.'][^']*)'/gm)]
          .map((match) => match[1] as string)
          .filter((name) => !name.startsWith('node:') && name !== 'electron')
          .map((name) =>
            name
              .split('/')
              .slice(0, name.startsWith('@') ? 2 : 1)
              .join('/'),
          ),
      ),
    );
    expect(packages.size).toBeGreaterThan(3);
    for (const name of packages) expect(manifest.dependencies, name).toHaveProperty(name);
  });
});

describe('icons', () => {
  it('has a 1024 px source image', () => {
    expect(pngSize(icon('app.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('has an .icns with the 512 px @2x (1024 px) image macOS requires', () => {
    const icns = readFileSync(join(root, 'build', 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const entries = new Map<string, Buffer>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      entries.set(icns.subarray(at, at + 4).toString('latin1'), icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)));
    }
    expect(pngSize(entries.get('ic09') as Buffer).width).toBe(512);
    expect(pngSize(entries.get('ic10') as Buffer).width).toBe(1024);
  });

  it('has an .ico up to 256 px', () => {
    const ico = readFileSync(join(root, 'build', 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256);
    expect(sizes).toContain(16);
    expect(sizes).toContain(256);
  });

  it('has a distinct tray image per state, each with its @2x, as template and in colour', () => {
    const states = ['idle', 'ready', 'busy', 'failing'];
    for (const kind of ['', 'Template']) {
      const hashes = states.map((state) =>
        createHash('sha256')
          .update(icon(`tray-${state}${kind}.png`))
          .digest('hex'),
      );
      expect(new Set(hashes).size).toBe(states.length);
      for (const state of states) {
        expect(pngSize(icon(`tray-${state}${kind}.png`)).width).toBe(16);
        expect(pngSize(icon(`tray-${state}${kind}@2x.png`)).width).toBe(32);
      }
    }
  });
});
