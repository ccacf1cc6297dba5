// Asks the electron package for its binary, the way `require('electron')` does (Electron 42 and later download it on
// first use, from GitHub releases or ELECTRON_MIRROR), in a child with a deadline; says why when there is none.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { path: string; dist: string } | { path: null; why: string };

export function electronBinary(root: string, timeoutMs = 120_000): ElectronBinary {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { path: null, why: 'the electron package is not installed' };
  const asked = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (asked.error) {
    const why =
      (asked.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
        ? `gave up after ${timeoutMs / 1000} s`
        : asked.error.message;
    return { path: null, why: `the Electron binary could not be fetched: ${why}` };
  }
  const path = asked.stdout.trim();
  if (asked.status === 0 && path && existsSync(path)) {
    return { path, dist: process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist') };
  }
  // The first error line is the download's own (`TypeError: fetch failed`…); the package's wrapper says only "failed".
  const said = asked.stderr.split('\n').find((line) => /^\w*Error\b/.test(line) && !line.includes('failed to install'));
  return {
    path: null,
    why:
      `the electron package could not download its binary (${said?.trim() ?? `exit ${asked.status}`}); ` +
      'Electron fetches it from GitHub releases on first use: reach github.com, or set ELECTRON_MIRROR, or put the zip ' +
      'in the electron cache (electron_config_cache)',
  };
}
