// Installs the pinned OpenClaw that the integration tests drive, once, into an ignored folder.
// It cannot be a devDependency: its preinstall refuses the machine's Node 20 during the top-level install.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OPENCLAW_VERSION = '2026.9.6';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prefix = join(root, '.cache', 'openclaw');
const manifest = join(prefix, 'node_modules', 'openclaw', 'package.json');

function installedVersion(): string | null {
  if (!existsSync(manifest)) return null;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? null;
}

if (installedVersion() === OPENCLAW_VERSION) {
  console.log(`openclaw ${OPENCLAW_VERSION} already in ${prefix}`);
} else {
  console.log(`installing openclaw ${OPENCLAW_VERSION} into ${prefix} …`);
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `openclaw@${OPENCLAW_VERSION}`],
    { stdio: 'inherit' },
  );
  if (installedVersion() !== OPENCLAW_VERSION) {
    console.error(`openclaw ${OPENCLAW_VERSION} did not install into ${prefix}`);
    process.exit(1);
  }
}
