import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { HostView } from '../../contract/contract.ts';
import { Hosts, pickTunnelPort, readHosts } from './hosts.ts';
import { HostLink } from './link.ts';
import { parseReport, serveAddress } from './reports.ts';
import { backoffDelay } from '../../platform/common/backoff.ts';
import { commandArgs, sshProblem, tunnelArgs, tunnelCommand, type SshResult, type SshRunner } from './ssh.ts';

const target = { destination: 'ops@box', sshConfig: null };

describe('ssh argv', () => {
  it('never lets a destination be read as an option, and forwards loopback to loopback only', () => {
    expect(commandArgs(target, 'lobsterpot supervisor --json')).toEqual([
      '-T',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=10',
      '-o',
      'ServerAliveInterval=10',
      '-o',
      'ServerAliveCountMax=3',
      '--',
      'ops@box',
      'lobsterpot supervisor --json',
    ]);
    const tunnel = tunnelArgs({ destination: 'box', sshConfig: '/cfg' }, 61001, 20417);
    expect(tunnel.slice(0, 4)).toEqual(['-F', '/cfg', '-N', '-T']);
    expect(tunnel).toContain('ExitOnForwardFailure=yes');
    expect(tunnel[tunnel.indexOf('-L') + 1]).toBe('127.0.0.1:61001:127.0.0.1:20417');
    expect(tunnel.slice(-2)).toEqual(['--', 'box']);
  });

  it('runs the tunnel under setpriv --pdeathsig on Linux, so it ends with Lobsterpot', () => {
    expect(tunnelCommand('ssh', ['-N'], 'linux', '/usr/bin/setpriv')).toEqual({
      command: '/usr/bin/setpriv',
      args: ['--pdeathsig', 'TERM', '--', 'ssh', '-N'],
    });
    expect(tunnelCommand('ssh', ['-N'], 'darwin', '/usr/bin/setpriv')).toEqual({ command: 'ssh', args: ['-N'] });
    expect(tunnelCommand('ssh', ['-N'], 'linux', null)).toEqual({ command: 'ssh', args: ['-N'] });
  });

  it("takes ssh's own last words as the problem", () => {
    expect(
      sshProblem("Warning: Permanently added 'x'\nssh: connect to host box port 22: Connection refused\n", 255),
    ).toBe('ssh: connect to host box port 22: Connection refused');
    expect(sshProblem('', 255)).toBe('ssh exited with code 255');
    expect(sshProblem('', null)).toBe('ssh was ended');
  });
});

describe('reports and addresses', () => {
  it('reads the JSON a remote command printed after whatever ssh or a login script said first', () => {
    expect(parseReport('motd line\n{"running":null}\n')).toEqual({ running: null });
    expect(parseReport('no json here')).toBeNull();
    expect(parseReport('{"other":1}')).toBeNull();
  });

  it("takes the port and token from serve's URL, and nothing from a URL without them", () => {
    expect(serveAddress('http://127.0.0.1:20417/?token=abc')).toEqual({ port: 20417, token: 'abc' });
    expect(serveAddress('http://127.0.0.1:20417/')).toBeNull();
    expect(serveAddress(null)).toBeNull();
    expect(serveAddress('not a url')).toBeNull();
  });

  it('backs off by doubling up to the cap, with jitter of ±20 %', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, { firstMs: 1000, maxMs: 8000 }, mid))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
    expect(backoffDelay(0, { firstMs: 1000, maxMs: 8000 }, () => 0)).toBe(800);
    expect(backoffDelay(0, { firstMs: 1000, maxMs: 8000 }, () => 1)).toBe(1200);
  });

  it("picks a tunnel port outside the OS's ephemeral range", async () => {
    for (let i = 0; i < 20; i++) {
      const port = await pickTunnelPort({ from: 32768, to: 60999 });
      expect(port).toBeGreaterThan(60999);
      expect(port).toBeLessThanOrEqual(65535);
    }
    const below = await pickTunnelPort({ from: 1024, to: 65300 });
    expect(below).toBeGreaterThanOrEqual(20000);
  });
});

/** An ssh that answers from a script: each `run` takes the next answer; `spawn` gives a tunnel that fails at once. */
function scriptedSsh(
  answers: SshResult[],
  tunnelError = 'bind [127.0.0.1]:61001: Address already in use',
): SshRunner & {
  runs: string[][];
} {
  const runs: string[][] = [];
  return {
    runs,
    run: async (args) => {
      runs.push(args);
      return answers.shift() ?? { code: 255, stdout: '', stderr: 'ssh: no more answers' };
    },
    spawn: () => {
      const child = new EventEmitter() as ChildProcess;
      const stderr = new PassThrough();
      Object.assign(child, { stderr, exitCode: null, signalCode: null, kill: () => true });
      setTimeout(() => {
        stderr.write(`${tunnelError}\n`);
        setTimeout(() => child.emit('exit', 255), 5);
      }, 5);
      return child;
    },
  };
}

const config = { name: 'box', destination: 'ops@box', sshConfig: null, command: 'lobsterpot' };

describe('HostLink', () => {
  it("shows an unreachable host as lost with ssh's words and a retry time, and retries with backoff until closed", async () => {
    const refused = { code: 255, stdout: '', stderr: 'ssh: connect to host box port 22: Connection refused' };
    const ssh = scriptedSsh([refused, refused, refused]);
    const views: HostView[] = [];
    const link = new HostLink(config, {
      ssh,
      pickPort: async () => 61001,
      onChange: (view) => views.push(view),
      backoff: { firstMs: 20, maxMs: 40 },
    });
    link.keep();
    await expect.poll(() => link.view().state).toBe('lost');
    expect(link.view()).toMatchObject({ state: 'lost', message: expect.stringMatching(/Connection refused/) });
    expect(link.view().retryAt).toBeGreaterThan(Date.now() - 1);
    expect(link.view().remote).toBeNull();
    await expect.poll(() => ssh.runs.length, { timeout: 2000 }).toBeGreaterThanOrEqual(3);
    await link.close();
    const after = ssh.runs.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(ssh.runs.length).toBe(after);
    expect(views.map((v) => v.state)).toContain('connecting');
    await expect(link.call('state.snapshot', {})).rejects.toThrow(/not connected/);
  });

  it('says so before it starts serve there, and names a failed tunnel with ssh’s words', async () => {
    const ssh = scriptedSsh([
      { code: 0, stdout: '{"running":null}\n', stderr: '' },
      {
        code: 0,
        stdout: '{"running":{"pid":42,"kind":"serve","url":"http://127.0.0.1:20417/?token=t"},"started":true}\n',
        stderr: '',
      },
    ]);
    const said: string[] = [];
    const states: string[] = [];
    const link = new HostLink(config, {
      ssh,
      pickPort: async () => 61001,
      onChange: (view) => states.push(view.state),
    });
    await expect(link.connect({ say: (m) => said.push(m) })).rejects.toThrow(
      /ssh tunnel to box failed: bind .*Address already in use/,
    );
    expect(said).toEqual(['no Lobsterpot supervisor runs on box: starting `lobsterpot serve` there']);
    expect(states).toContain('starting-serve');
    expect(ssh.runs.map((args) => args.at(-1))).toEqual([
      'lobsterpot supervisor --json',
      'lobsterpot serve --detach --json',
    ]);
    expect(link.view()).toMatchObject({ state: 'lost', retryAt: null });
    await link.close();
  });

  it('tells a missing lobsterpot there from a failed ssh, and a remote app from a serve', async () => {
    const missing = new HostLink(config, {
      ssh: scriptedSsh([{ code: 127, stdout: '', stderr: 'sh: 1: lobsterpot: not found' }]),
      pickPort: async () => 61001,
      onChange: () => undefined,
    });
    await expect(missing.connect()).rejects.toThrow(/`lobsterpot` is not found on box/);
    const app = new HostLink(config, {
      ssh: scriptedSsh([{ code: 0, stdout: '{"running":{"pid":7,"kind":"app","url":null}}', stderr: '' }]),
      pickPort: async () => 61001,
      onChange: () => undefined,
    });
    await expect(app.connect()).rejects.toThrow(/the Lobsterpot app supervises box's gateways/);
  });
});

describe('the hosts file', () => {
  it('keeps names, destinations and commands only, owner-only, and refuses a second host of the same name', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lp-hosts-'));
    const hosts = await Hosts.open({
      dataDir,
      keep: false,
      report: { changed: () => undefined, removed: () => undefined },
      reach: { ephemeral: () => null },
    });
    const view = await hosts.add(config);
    expect(view).toMatchObject({ name: 'box', state: 'lost', supervisor: null, remote: null });
    await expect(hosts.add({ ...config, name: 'BOX' })).rejects.toMatchObject({ code: 'refused' });
    const file = join(dataDir, 'hosts.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, hosts: [config] });
    await expect(hosts.reconnect('box')).rejects.toMatchObject({ code: 'refused' });
    await expect(hosts.remove('nope')).rejects.toMatchObject({ code: 'not-found' });
    await hosts.remove('box');
    expect(await readHosts(dataDir)).toEqual([]);
  });

  it('two processes adding hosts at once lost one of them: every add is kept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lp-hosts-'));
    const open = () =>
      Hosts.open({
        dataDir,
        keep: false,
        report: { changed: () => undefined, removed: () => undefined },
        reach: { ephemeral: () => null },
      });
    const [a, b] = await Promise.all([open(), open()]);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).add({ ...config, name: `h${i}`, destination: `ops@h${i}` })),
    );
    expect((await readHosts(dataDir)).map((h) => h.name).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `h${i}`).sort(),
    );
  });

  it('moves a corrupt hosts file aside and says where', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lp-hosts-'));
    writeFileSync(join(dataDir, 'hosts.json'), '{"version":1,"hosts":[{"name":3}]}');
    const warnings: string[] = [];
    expect(await readHosts(dataDir, (m) => warnings.push(m))).toEqual([]);
    expect(warnings[0]).toMatch(/moved to .*hosts\.json\.corrupt-/);
    expect(readdirSync(dataDir).some((f) => f.startsWith('hosts.json.corrupt-'))).toBe(true);
  });
});
