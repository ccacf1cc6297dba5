// Other hosts are reached with the system's OpenSSH client, as a person would: the user's own ssh config, keys and
// agent, never a password prompt (BatchMode). Two uses: a command run there (`ssh dest -- lobsterpot supervisor`), and
// the tunnel (`ssh -N -L 127.0.0.1:LOCAL:127.0.0.1:REMOTE dest`) through which the window's WebSocket reaches the
// Lobsterpot supervisor there. Building the argv is pure; running it is `runSsh`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SshTarget {
  destination: string;
  /** `ssh -F FILE`; null = ssh's own config (`~/.ssh/config`). */
  sshConfig: string | null;
}

/** The options every ssh run gets: no prompts, a bounded connect, and a dead link noticed within ~30 s. */
export const SSH_OPTIONS: readonly string[] = [
  '-o',
  'BatchMode=yes',
  '-o',
  'ConnectTimeout=10',
  '-o',
  'ServerAliveInterval=10',
  '-o',
  'ServerAliveCountMax=3',
];

const configArgs = (target: SshTarget) => (target.sshConfig ? ['-F', target.sshConfig] : []);

/** `ssh … -- dest command`: runs one command there (the remote shell reads `command`). */
export function commandArgs(target: SshTarget, command: string): string[] {
  return [...configArgs(target), '-T', ...SSH_OPTIONS, '--', target.destination, command];
}

/** `ssh -N -L …`: forwards 127.0.0.1:`localPort` here to 127.0.0.1:`remotePort` there, and nothing else. */
export function tunnelArgs(target: SshTarget, localPort: number, remotePort: number): string[] {
  return [
    ...configArgs(target),
    '-N',
    '-T',
    ...SSH_OPTIONS,
    '-o',
    'ExitOnForwardFailure=yes',
    '-L',
    `127.0.0.1:${localPort}:127.0.0.1:${remotePort}`,
    '--',
    target.destination,
  ];
}

/** ssh's own words for what went wrong: its last line that says something (`ssh: connect to host …: refused`). */
export function sshProblem(stderr: string, code: number | null): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !/^Warning: Permanently added/.test(line));
  // A remote's words, shown here: no terminal escapes, no token (a log line may hold an old serve URL).
  const last = lines
    .at(-1)
    // eslint-disable-next-line no-control-regex
    ?.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/token=[^&\s]+/gi, 'token=…');
  if (last) return last.length > 300 ? `${last.slice(0, 300)}…` : last;
  return code === null ? 'ssh was ended' : `ssh exited with code ${code}`;
}

export interface SshResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How Lobsterpot runs ssh; tests may put a wrapper in its place. */
export interface SshRunner {
  /** Runs `ssh args`, collecting its output; never rejects (a spawn failure is code null with the reason). */
  run(args: string[], timeoutMs: number, signal?: AbortSignal): Promise<SshResult>;
  /** Starts a long-running ssh (the tunnel). */
  spawn(args: string[]): ChildProcess;
}

/**
 * The tunnel must end with the Lobsterpot that opened it, even one killed with SIGKILL (`ssh -N` reads no stdin, so a
 * closed pipe does not end it). On Linux, util-linux's `setpriv --pdeathsig` asks the kernel for that; elsewhere the
 * tunnel ends at its next failed keep-alive once the host side notices, or when the person's session ends.
 */
export function tunnelCommand(
  command: string,
  args: string[],
  platform: NodeJS.Platform = process.platform,
  setpriv: string | null = SETPRIV,
): { command: string; args: string[] } {
  if (platform === 'linux' && setpriv)
    return { command: setpriv, args: ['--pdeathsig', 'TERM', '--', command, ...args] };
  return { command, args };
}

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path)) ?? null;

export const systemSsh = (command = 'ssh'): SshRunner => ({
  run: (args, timeoutMs, signal) =>
    new Promise((resolve) => {
      const options = { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, ...(signal ? { signal } : {}) };
      execFile(command, args, options, (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; killed?: boolean }) | null;
        const code = failure ? (typeof failure.code === 'number' ? failure.code : null) : 0;
        const why =
          failure && code === null
            ? failure.killed
              ? `ssh did not answer within ${Math.round(timeoutMs / 1000)} s`
              : failure.message
            : '';
        resolve({ code, stdout, stderr: why ? `${stderr}\n${why}` : stderr });
      });
    }),
  spawn: (args) => {
    const run = tunnelCommand(command, args);
    return spawn(run.command, run.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  },
});
