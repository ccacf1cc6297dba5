// `lobsterpot supervisor` and `lobsterpot serve --detach`: what another host runs over ssh to find this host's
// supervisor, or to start one. Both print one JSON line with `--json`: `{"running": {pid, kind, url, …} | null}`.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlClient, readSupervisorInfo, type SupervisorInfo } from '../supervisor/node/control.ts';
import { lobsterpotDataDir } from '../platform/node/paths.ts';
import { detachLingerWarning } from '../platform/node/launchers.ts';

/** How long a detached serve may take to listen (it adopts and probes every gateway first). */
const DETACH_WAIT_MS = 60_000;

/** The supervisor that answers on this data dir's control endpoint, with its URL once it listens. */
export async function supervisorReport(dataDir: string): Promise<{ running: SupervisorInfo | null }> {
  const client = await ControlClient.connect(dataDir, 1500);
  if (!client) return { running: null };
  client.close();
  // The hello carries the URL too; the file is read when the hello had none yet (an older supervisor).
  const info = client.info.url ? client.info : ((await readSupervisorInfo(dataDir)) ?? client.info);
  return { running: info };
}

export interface DetachOptions {
  port: number | undefined;
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** The linger check (platform/node/launchers.ts); a test passes its own. */
  lingerWarning?: (env: NodeJS.ProcessEnv) => Promise<string | null>;
}

/** Starts `lobsterpot serve` in its own session when none runs, and says where the supervisor is. */
export async function detachServe(options: DetachOptions): Promise<number> {
  const dataDir = lobsterpotDataDir(options.env);
  // Checked before anything starts: from an ssh session without linger, what is started here may die at logout.
  const linger = await (options.lingerWarning ?? detachLingerWarning)(options.env);
  const warnings = linger ? [linger] : [];
  if (linger && !options.json) options.err(`warning: ${linger}`);
  const say = (running: SupervisorInfo, started: boolean) => {
    if (options.json) options.out(JSON.stringify({ running, started, ...(warnings.length ? { warnings } : {}) }));
    else
      options.out(
        `${started ? 'Started' : 'Already running:'} ${running.kind === 'app' ? 'the app' : 'lobsterpot serve'} (pid ${running.pid})${running.url ? `\nOpen:\n\n  ${running.url}\n` : ''}`,
      );
  };
  const before = await supervisorReport(dataDir);
  if (before.running) {
    say(before.running, false);
    return 0;
  }
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'serve.log');
  const log = openSync(logFile, 'a', 0o600);
  const entry = process.argv[1] ?? '';
  // serve takes a port outside the OS's ephemeral range unless one is asked for.
  const args = [
    ...process.execArgv,
    entry,
    'serve',
    ...(options.port === undefined ? [] : ['--port', String(options.port)]),
  ];
  // Its own session: it outlives this command and the ssh session that ran it.
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env: options.env });
  closeSync(log);
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? 1;
  });
  child.unref();
  const deadline = Date.now() + DETACH_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const report = await supervisorReport(dataDir);
    // A serve that lost the race to another supervisor exits 0 after naming it: that one is the answer.
    if (report.running?.url || (report.running && report.running.kind === 'app')) {
      say(report.running, report.running.pid === child.pid);
      return 0;
    }
    if (exited !== null && !report.running) {
      options.err(
        `lobsterpot serve exited (code ${exited}) before it listened; ${logFile} ends with:\n${tail(logFile)}`,
      );
      return 1;
    }
  }
  options.err(`lobsterpot serve did not listen within ${DETACH_WAIT_MS / 1000} s; see ${logFile}`);
  return 1;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-10).join('\n');
  } catch {
    return '(no log)';
  }
}
