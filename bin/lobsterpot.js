#!/usr/bin/env node
// Lobsterpot's command runs its TypeScript directly on Node ≥ 24 (type stripping). On an older Node it re-runs itself
// with the project's pinned Node (the `node` devDependency) when there is one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  // An installed package's code does not change between runs: Node keeps it compiled (a checkout's sources do change).
  if (here.includes(`${sep}node_modules${sep}`)) module.enableCompileCache?.();
  const { run } = await import('../electron/cli/main.ts');
  process.exitCode = await run(process.argv.slice(2));
} else {
  const pinned = join(here, '..', 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(pinned)) {
    console.error(
      `lobsterpot needs Node 24 or newer (this is ${process.version}). Run \`npm ci\` in ${join(here, '..')} or install Node 24.`,
    );
    process.exit(1);
  }
  const result = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
