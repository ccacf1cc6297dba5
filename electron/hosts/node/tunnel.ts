// What a link does over ssh: runs a Lobsterpot command on the host and reads its JSON report, and opens the tunnel
// to the host's supervisor, making sure the local end is this ssh's before a token goes through it.
import type { ChildProcess } from 'node:child_process';
import { connect as connectTcp } from 'node:net';
import { listListeners } from '../../platform/node/sockets.ts';
import { parseReport, type RemoteSupervisorReport } from './reports.ts';
import { commandArgs, sshProblem, tunnelArgs, type SshRunner, type SshTarget } from './ssh.ts';

const TUNNEL_WAIT_MS = 20_000;

/** Runs `<host.command> <args>` on the host and reads its JSON report; an error says what went wrong, in words. */
export async function askHost(
  ssh: SshRunner,
  target: SshTarget,
  host: { name: string; command: string },
  args: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<RemoteSupervisorReport> {
  const command = `${host.command} ${args}`;
  const result = await ssh.run(commandArgs(target, command), timeoutMs, signal);
  aborted(signal);
  if (result.code === 127)
    throw new Error(
      `\`${host.command}\` is not found on ${host.name} (install Lobsterpot there, or set the host's command)`,
    );
  if (result.code === 255 || result.code === null) throw new Error(sshProblem(result.stderr, result.code));
  const report = parseReport(result.stdout);
  if (!report) {
    const said = sshProblem(result.stderr, result.code);
    throw new Error(`\`${command}\` on ${host.name} gave no report (exit ${result.code ?? '?'}: ${said})`);
  }
  return report;
}

/** `ssh -N -L` from `localPort` here to the supervisor's `remotePort` there; `onExit` hears why it ended. */
export class SshTunnel {
  readonly child: ChildProcess;
  readonly #localPort: number;
  #stderr = '';
  #exited: string | null = null;

  constructor(
    ssh: SshRunner,
    target: SshTarget,
    localPort: number,
    remotePort: number,
    onExit: (problem: string) => void,
  ) {
    this.#localPort = localPort;
    const child = ssh.spawn(tunnelArgs(target, localPort, remotePort));
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4096);
    });
    child.once('exit', (code) => {
      const problem = sshProblem(this.#stderr, code);
      this.#exited = problem;
      onExit(problem);
    });
    child.once('error', (error) => {
      this.#exited = `ssh could not run: ${error.message}`;
    });
  }

  /** Resolves once the local end accepts connections and is held by this ssh; throws when it ends or times out. */
  async ready(name: string, signal: AbortSignal): Promise<void> {
    const port = this.#localPort;
    const deadline = Date.now() + TUNNEL_WAIT_MS;
    while (Date.now() < deadline) {
      aborted(signal);
      if (this.#exited !== null) throw new Error(`the ssh tunnel to ${name} failed: ${this.#exited}`);
      if (await accepts(port)) {
        // The token goes to whoever listens there: it must be this ssh, not a process that took the port first.
        const [listener] = await listListeners(new Set([port])).catch(() => []);
        if (listener?.pid != null && this.child.pid !== undefined && listener.pid !== this.child.pid)
          throw new Error(
            `another process (pid ${listener.pid}${listener.command ? `, ${listener.command}` : ''}) listens on the tunnel's port ${port}`,
          );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the ssh tunnel to ${name} did not open within ${TUNNEL_WAIT_MS / 1000} s`);
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Throws when the connect was aborted (the link closed, or a reconnect took over). */
export function aborted(signal: AbortSignal) {
  if (signal.aborted) throw new Error('the connection attempt was cancelled');
}
