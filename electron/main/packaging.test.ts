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

  it("passes electron-builder's own validation", { timeout: 30_000 }, async () => {
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

  it('sets the fuses of Electron’s security checklist; defect 9: file:// keeps no extra privileges', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('defect 1: signs the Mac app after the fuses, ad-hoc at least', () => {
    expect(config.electronFuses?.resetAdHocDarwinSignature).toBe(true);
    expect(config.mac?.identity).toBe('-');
    // Hardened runtime without a Developer ID needs entitlements that would weaken a real signature: the release
    // workflow turns it on together with its identity and notarization.
    expect(config.mac?.hardenedRuntime).toBe(false);
  });

  it('defect 10: ties running windows to the .desktop entry, and leaves /usr/bin/lobsterpot to the command', () => {
    expect(config.linux?.executableName).toBe('lobsterpot-app');
    expect(config.linux?.syncDesktopName).toBe(true);
    expect(config.extraMetadata).toMatchObject({ desktopName: 'lobsterpot-app.desktop' });
    expect(Object.keys((manifest as { bin?: object }).bin ?? {})).toContain('lobsterpot');
  });

  it('defects 2, 3: the deb suggests the AppIndicator extension and installs the AppArmor profile', () => {
    expect(config.deb?.fpm).toEqual(['--deb-suggests', 'gnome-shell-extension-appindicator']);
    // electron-builder's own after-install script, not replaced here, copies its AppArmor profile into place.
    expect(config.deb?.afterInstall).toBeUndefined();
    const templates = join(root, 'node_modules', 'app-builder-lib', 'templates', 'linux');
    const afterInstall = readFileSync(join(templates, 'after-install.tpl'), 'utf8');
    expect(afterInstall).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'");
    expect(afterInstall).toContain('apparmor_parser --replace');
    expect(readFileSync(join(templates, 'apparmor-profile.tpl'), 'utf8')).toMatch(/userns,/);
  });

  it('defect 14: names AppImages with their architecture, and says where releases go', () => {
    expect(config.appImage?.artifactName).toBe('${productName}-${version}-${arch}.${ext}');
    expect(config).toHaveProperty('publish', null);
  });

  it('ships the icons where main looks for them (resources/icons)', () => {
    expect(config.extraResources).toEqual([{ from: 'build/icons', to: 'icons' }]);
  });

  it('defect 11: packs the build output and no node_modules (main is one bundle), not the renderer’s libraries', () => {
    expect(config.files).toEqual([
      { filter: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', '!node_modules/**'] },
    ]);
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

  it('defect 14: has a Windows tray ICO per state, with the 16 and 32 px images', () => {
    for (const state of ['idle', 'ready', 'busy', 'failing']) {
      const ico = icon(`tray-${state}.ico`);
      expect(ico.readUInt16LE(2)).toBe(1);
      const count = ico.readUInt16LE(4);
      const sizes = Array.from({ length: count }, (_, i) => ico[6 + i * 16]);
      expect(sizes).toEqual([16, 32]);
      for (let i = 0; i < count; i++) {
        const offset = ico.readUInt32LE(6 + i * 16 + 12);
        expect(pngSize(ico.subarray(offset)).width).toBe(sizes[i]);
      }
    }
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
