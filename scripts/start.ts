// `npm start`: makes sure an OpenClaw is there (the pinned one, into .cache/, if none is on PATH) and opens Lobsterpot
// headless in the browser (`lobsterpot serve`). The desktop app itself is `npm run app` where Electron is installed.
// Every face (window, serve, CLI) finds .cache/openclaw by itself (electron/core/locate.ts): no PATH is handed down.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlClient } from '../electron/supervisor/node/control.ts';
import { lobsterpotDataDir } from '../electron/platform/node/paths.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// A second `npm start` neither rebuilds the window under the running one nor starts a second server: it says where.
const running = await ControlClient.connect(lobsterpotDataDir());
if (running) {
  const { kind, pid, url } = running.info;
  running.close();
  console.log(
    `Lobsterpot already runs on this host (${kind === 'app' ? 'the app' : 'lobsterpot serve'}, pid ${pid}).${url ? `\nOpen:\n\n  ${url}\n` : ''}`,
  );
  process.exit(0);
}
const onPath = (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, 'openclaw')));
if (!onPath) execFileSync(process.execPath, [join(root, 'scripts', 'setup-openclaw.ts')], { stdio: 'inherit' });
// The window the server hands out (about a second).
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '-c',
    join(root, 'vite.renderer.config.ts'),
    '--logLevel',
    'warn',
  ],
  {
    stdio: 'inherit',
  },
);
const child = spawn(process.execPath, [join(root, 'bin', 'lobsterpot.js'), 'serve', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 1));
// serve gets a terminal's Ctrl-C itself too (same process group): it takes the copies of one press for one press.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
