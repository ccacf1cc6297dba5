// `npm run dist [-- electron-builder arguments]`: packages with the Electron binary the electron package provides,
// so a machine that can run the app can package it, and one that cannot says why before electron-builder starts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary } from './electron-binary.ts';

const root = join(import.meta.dirname, '..');
const binary = electronBinary(root);
if ('why' in binary) {
  console.error(`npm run dist: cannot package: ${binary.why}.`);
  process.exit(1);
}
// The host's own Electron: building for another OS or arch needs electron-builder's own download (drop electronDist).
const builder = spawnSync(
  join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder'),
  [`--config.electronDist=${binary.dist}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' },
);
process.exit(builder.status ?? 1);
