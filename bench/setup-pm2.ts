// Installs the pinned pm2 the bench compares with, once, into an ignored folder. Not a dependency of Lobsterpot: only
// the bench runs it, beside Lobsterpot, on the same gateways.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PM2_VERSION = '7.0.4';
const prefix = join(import.meta.dirname, '..', '.cache', 'pm2');
const manifest = join(prefix, 'node_modules', 'pm2', 'package.json');
/** pm2's command line, run with the bench's own Node. */
export const PM2_BIN = join(prefix, 'node_modules', 'pm2', 'bin', 'pm2');

function installedVersion(): string | null {
  if (!existsSync(manifest)) return null;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? null;
}

/** pm2 at the pinned version in .cache/pm2, installed if it is not there yet. */
export function setupPm2(log: (line: string) => void = console.log): string {
  if (installedVersion() !== PM2_VERSION) {
    log(`  installing pm2 ${PM2_VERSION} into ${prefix} (for the bench only) …`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `pm2@${PM2_VERSION}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (installedVersion() !== PM2_VERSION) throw new Error(`pm2 ${PM2_VERSION} did not install into ${prefix}`);
  }
  return PM2_BIN;
}
