#!/usr/bin/env node
// Lobsterpot's command. Installed from npm it runs the build (out/cli, made by `npm run build:cli` before packing) with
// Node's compile cache; in a checkout it runs the TypeScript sources (type stripping), so an edit needs no build. On a
// Node older than 24 a checkout re-runs itself with the pinned Node (the `node` devDependency).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'electron', 'cli', 'main.ts');
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  const checkout = existsSync(source);
  // (A profile named `serve` gets the same for its command: only speed and memory differ, never behaviour.)
  if (process.argv.includes('serve')) {
    // The supervisor waits far more than it computes. V8's lite mode (no JIT: no optimizing compilers, no WebAssembly,
    // so no fetch()) is a start-up flag: the installed serve runs itself again with it, same pid, about 6 MB smaller.
    // Not in a checkout: type stripping runs in WebAssembly.
    if (!checkout && !process.execArgv.includes('--lite-mode') && typeof process.execve === 'function') {
      const argv = [process.execPath, '--lite-mode', ...process.execArgv, ...process.argv.slice(1)];
      try {
        process.execve(process.execPath, argv, process.env);
      } catch {
        // execve refused (a sandbox, say): this process goes on as it is, with the flags below.
      }
    }
    const { setFlagsFromString } = await import('node:v8');
    // V8 grows its young generation to 32 MB after start-up's bursts and keeps it: about 12 MB of an idle supervisor's
    // RSS. A short command keeps the default: its growth saves it scavenges.
    setFlagsFromString('--semi-space-growth-factor=1');
    // Without lite mode (a checkout, Windows): no optimizing compilers, about 6 MB less, the same CPU (BENCHMARKS.md).
    for (const flag of ['--no-opt', '--no-maglev']) setFlagsFromString(flag);
  }
  // The compiled code of the build is kept on disk across runs (the sources are stripped anew each time).
  if (!checkout) module.enableCompileCache?.();
  const { run } = await import(checkout ? '../electron/cli/main.ts' : '../out/cli/main.js');
  process.exitCode = await run(process.argv.slice(2));
} else {
  const pinned = join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(source) || !existsSync(pinned)) {
    console.error(
      existsSync(source)
        ? `lobsterpot needs Node 24 or newer (this is ${process.version}). Run \`npm ci\` in ${root} or install Node 24.`
        : `lobsterpot needs Node 24.16 or newer (this is ${process.version}): install Node 24, then lobsterpot again.`,
    );
    process.exit(1);
  }
  // Loaded here only: node:child_process is ~10 ms of every command's start.
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(pinned, [join(root, 'bin', 'lobsterpot.js'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
