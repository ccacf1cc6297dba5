// `lobsterpot openclaw <args…>`: the OpenClaw that Lobsterpot located, run with the Node it needs, the arguments
// passed as they are, stdio and the exit code passed through. A machine whose own Node is too old for OpenClaw (or
// whose PATH has no `openclaw`) still gets the seeds' own checks: `lobsterpot openclaw --profile rescue browser status`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LobsterpotError } from '../contract/errors.ts';
import type { OpenClawEnvironment } from '../contract/contract.ts';

/** What to run for `openclaw <args>`: the located Node with OpenClaw's entry, then the arguments untouched. */
export function openclawCommand(
  environment: OpenClawEnvironment,
  args: readonly string[],
): { command: string; args: string[] } {
  if (!environment.openclaw || !environment.node)
    throw new LobsterpotError(
      'failed',
      [environment.problem ?? 'OpenClaw was not found.', environment.fix ? `fix: ${environment.fix}` : '']
        .filter(Boolean)
        .join('\n'),
    );
  return { command: environment.node.path, args: [environment.openclaw.path, ...args] };
}

/** The environment as Lobsterpot locates it: the settings' locations first, then the search (openclaw/node/locate.ts). */
export async function locatedEnvironment(dataDir: string, env: NodeJS.ProcessEnv): Promise<OpenClawEnvironment> {
  const [{ SettingsStore }, { locateOpenClaw, readLoginShellPath }] = await Promise.all([
    import('../settings/node/settings.ts'),
    import('../openclaw/node/locate.ts'),
  ]);
  const settings = (await SettingsStore.load(join(dataDir, 'settings.json'))).get();
  return locateOpenClaw({
    chosen: settings,
    env,
    loginShellPath: () => readLoginShellPath(env),
  });
}

/** Runs it in the foreground: the terminal's stdio is OpenClaw's; its exit code (or 128 + signal) is ours. */
export function runOpenClaw(command: { command: string; args: string[] }, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.command, command.args, { stdio: 'inherit', env });
    // Ctrl-C reaches OpenClaw itself (same process group); a TERM or HUP sent to this process alone is passed on.
    const handlers = {
      SIGINT: () => undefined,
      SIGTERM: () => child.kill('SIGTERM'),
      SIGHUP: () => child.kill('SIGHUP'),
    };
    for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler);
    const done = () => {
      for (const [signal, handler] of Object.entries(handlers)) process.off(signal, handler);
    };
    child.once('error', (error) => {
      done();
      reject(new LobsterpotError('failed', `could not run ${command.command}: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      done();
      const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
      resolve(code ?? 128 + (signal ? (signals[signal] ?? 0) : 0));
    });
  });
}
