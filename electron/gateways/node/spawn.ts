// Spawning one gateway: `node <openclaw.mjs> [--profile <p>] gateway run` (an instance set up by environment gets its
// two variables instead of --profile), no shell, its own process group, its output appended to Lobsterpot's
// per-profile log file (a file, not a pipe: the gateway may outlive Lobsterpot).
import { spawn as spawnChild } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gatewayEnv } from './env.ts';
import type { GatewayChild } from './gateway-process.ts';
import { closeFd, openLogForChild, readLinesSince, type LogLimits } from './logs.ts';
import { targetArgs, targetEnv, type OpenClawTarget } from '../../openclaw/node/openclaw-cli.ts';

export interface SpawnRequest {
  /** A profile's name (`--profile`), or an instance's two paths (`OPENCLAW_CONFIG_PATH` + `OPENCLAW_STATE_DIR`). */
  profile: OpenClawTarget;
  nodePath: string;
  openclawPath: string;
  /** OpenClaw's home (what `~` means to the gateway). */
  home: string;
  parentEnv: NodeJS.ProcessEnv;
  logFile: string;
  limits?: LogLimits;
  /** The runtime speaks OpenClaw's restart hand-off: run it as an external supervisor's child. */
  supervisorMode?: 'external';
}

/** The child's argv: a supported Node runs OpenClaw's entry directly, so the pid we get is the gateway's. */
export const gatewayArgv = (request: Pick<SpawnRequest, 'openclawPath' | 'profile'>): string[] => [
  request.openclawPath,
  ...targetArgs(request.profile),
  'gateway',
  'run',
];

/** The child's environment: built from an allow-list; under Electron the shell snapshot is off (OpenClaw's docs). */
export function spawnEnv(request: SpawnRequest, underElectron = Boolean(process.versions.electron)) {
  const env = {
    ...gatewayEnv(request.parentEnv, {
      home: request.home,
      nodeDir: dirname(request.nodePath),
      ...(request.supervisorMode ? { supervisorMode: request.supervisorMode } : {}),
    }),
    ...targetEnv(request.profile),
  };
  if (underElectron) env.OPENCLAW_EXEC_SHELL_SNAPSHOT = '0';
  return env;
}

export async function spawnGateway(request: SpawnRequest): Promise<GatewayChild> {
  const fd = await openLogForChild(request.logFile, request.limits);
  const offset = await stat(request.logFile).then(
    (s) => s.size,
    () => 0,
  );
  const child = spawnChild(request.nodePath, gatewayArgv(request), {
    cwd: request.home,
    env: spawnEnv(request),
    detached: true, // its own process group, and it may outlive Lobsterpot
    stdio: ['ignore', fd, fd],
    windowsHide: true,
  });
  closeFd(fd);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  child.unref();
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    pid: child.pid as number,
    exit,
    output: () => readLinesSince(request.logFile, offset),
  };
}
