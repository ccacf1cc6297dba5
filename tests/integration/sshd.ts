// A real OpenSSH server for the other-hosts tests: Debian's sshd on a loopback port, with a throwaway host key and
// client key, and an ssh config file naming it as a host alias. The "remote host" is a second test World (its own
// HOME and Lobsterpot data dir) that the host's remote command points Lobsterpot at. sshd runs in its own process
// group and is ended by it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { signalGroup } from '../../electron/platform/node/processes.ts';
import { freePortBlock } from './world.ts';

export const SSHD = '/usr/sbin/sshd';
export const sshAvailable = () => existsSync(SSHD) && existsSync('/usr/bin/ssh') && process.getuid?.() === 0;
/** Why the SSH tests cannot run here, or null. */
export const sshMissing = () =>
  !existsSync(SSHD)
    ? `${SSHD} is missing (npm run setup:tools installs Debian's openssh-server)`
    : process.getuid?.() !== 0
      ? 'sshd needs root to start sessions'
      : null;

export class TestSshd {
  readonly dir: string;
  readonly port: number;
  /** The ssh config file: `Host <alias>` with the port, key and a known_hosts of its own. */
  readonly config: string;
  readonly alias: string;
  readonly #process: ChildProcess;

  private constructor(dir: string, port: number, alias: string, child: ChildProcess) {
    this.dir = dir;
    this.port = port;
    this.alias = alias;
    this.config = join(dir, 'ssh_config');
    this.#process = child;
  }

  static async start(alias = 'remote-a'): Promise<TestSshd> {
    const dir = mkdtempSync(join(tmpdir(), 'lp-sshd-'));
    const port = await freePortBlock(10);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
    execFileSync('cp', [join(dir, 'client_key.pub'), join(dir, 'authorized_keys')]);
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'AllowTcpForwarding local',
        'X11Forwarding no',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'ssh_config'),
      [
        `Host ${alias}`,
        '  HostName 127.0.0.1',
        `  Port ${port}`,
        `  User ${userInfo().username}`,
        `  IdentityFile ${join(dir, 'client_key')}`,
        '  IdentitiesOnly yes',
        '  StrictHostKeyChecking accept-new',
        `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
        '  LogLevel ERROR',
        '',
      ].join('\n'),
    );
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // its privilege-separation folder
    const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const sshd = new TestSshd(dir, port, alias, child);
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        sshd.stop();
        throw new Error(`sshd did not start: ${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return sshd;
  }

  /** Ends sshd and every session it runs (its process group; sessions fork from it). */
  stop(): void {
    if (this.#process.pid) signalGroup(this.#process.pid, 'SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
