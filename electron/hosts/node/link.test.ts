// HostLink against a fake ssh (scripted reports, a tunnel that is only a process handle) and a WebSocket server of
// this test's own standing where the tunnel's local end would be: what a hostile or dying host does to the link.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { WebSocketServer, type WebSocket } from 'ws';
import { gatewayStatus, profileView, snapshot as snapshotOf } from '../../contract/fixtures.ts';
import { HostLink } from './link.ts';
import { pickTunnelPort } from './hosts.ts';
import type { SshResult, SshRunner } from './ssh.ts';

const config = { name: 'box', destination: 'ops@box', sshConfig: null, command: 'lobsterpot' };
const snapshot = snapshotOf({
  profiles: [profileView('alpha', 20100)],
  gateways: [gatewayStatus('alpha', 20100, { state: 'ready', pid: 7, owner: 'lobsterpot' })],
  ephemeralRange: null,
});

interface FakeTunnel extends ChildProcess {
  killedWith: string | null;
}

/** An ssh whose commands answer `report` (after `delayMs`, or at once when aborted) and whose tunnels are fakes. */
function fakeSsh(port: number, delayMs = 0) {
  const tunnels: FakeTunnel[] = [];
  const runs: string[][] = [];
  const report = JSON.stringify({ running: { pid: 4242, kind: 'serve', url: `http://127.0.0.1:${port}/?token=t0k` } });
  const ssh: SshRunner = {
    run: (args, _timeout, signal) =>
      new Promise<SshResult>((resolve) => {
        runs.push(args);
        const timer = setTimeout(() => resolve({ code: 0, stdout: `${report}\n`, stderr: '' }), delayMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve({ code: null, stdout: '', stderr: 'aborted' });
        });
      }),
    spawn: () => {
      const child = new EventEmitter() as FakeTunnel;
      Object.assign(child, { stderr: new PassThrough(), exitCode: null, signalCode: null, killedWith: null });
      child.kill = (signal?: NodeJS.Signals | number) => {
        child.killedWith = String(signal ?? 'SIGTERM');
        Object.assign(child, { signalCode: 'SIGTERM' });
        setImmediate(() => child.emit('exit', null, 'SIGTERM'));
        return true;
      };
      tunnels.push(child);
      return child;
    },
  };
  return { ssh, tunnels, runs };
}

/** A WebSocket server standing where the tunnel's local end would be: it answers snapshots and whatever `reply` says. */
async function fakeServe(reply: (command: string) => unknown = () => ({})) {
  const port = await pickTunnelPort({ from: 32768, to: 60999 });
  const server = new WebSocketServer({ port, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const sockets: WebSocket[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      const { id, command } = JSON.parse(String(data)) as { id: number; command: string };
      const result = command === 'state.snapshot' ? snapshot : reply(command);
      socket.send(JSON.stringify({ id, ok: true, result }));
    });
  });
  return { port, server, sockets };
}

function stopServe(serve: Awaited<ReturnType<typeof fakeServe>>): Promise<void> {
  for (const socket of serve.sockets) socket.terminate();
  return new Promise((resolve) => serve.server.close(() => resolve()));
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function connectedLink(options: { keep?: boolean } = {}) {
  const serve = await fakeServe((command) =>
    command === 'gateway.start' ? gatewayStatus('alpha', 20100, { state: 'ready', pid: 7 }) : { did: command },
  );
  cleanups.push(() => stopServe(serve));
  const fake = fakeSsh(serve.port);
  const link = new HostLink(config, {
    ssh: fake.ssh,
    pickPort: async () => serve.port,
    onChange: () => undefined,
    backoff: { firstMs: 20, maxMs: 40 },
  });
  cleanups.push(() => link.close());
  if (options.keep) link.keep();
  else await link.connect();
  await expect.poll(() => link.view().state).toBe('connected');
  return { link, serve, fake };
}

describe('HostLink against a hostile or dying host', () => {
  it('a hostile frame (null, an event without its status, a list) wedged the link: dropped, the link reads on', async () => {
    const { link, serve } = await connectedLink();
    const [socket] = serve.sockets;
    for (const frame of ['null', '[1,2]', '"text"', '{"event":{"type":"gateway-state"}}', '{"event":null}'])
      socket?.send(frame);
    socket?.send('{"event":{"type":"gateway-state"}}');
    await expect(link.call('gateway.start', { name: 'alpha' })).resolves.toMatchObject({ profile: 'alpha', pid: 7 });
    expect(link.connected).toBe(true);
    expect(link.view().remote?.gateways).toEqual(snapshot.gateways);
    // A well-formed state still arrives.
    socket?.send(JSON.stringify({ event: { type: 'gateway-state', status: gatewayStatus('alpha', 20100) } }));
    await expect.poll(() => link.view().remote?.gateways[0]?.state).toBe('stopped');
  });

  it("another host's reply went to the window unchecked through hosts.call: one that is not the command's result is refused, naming the host", async () => {
    const { link } = await connectedLink();
    // The fake answers gateway.stop with `{ did }`: no stop outcome.
    const refused = link.call('gateway.stop', { name: 'alpha' });
    await expect(refused).rejects.toMatchObject({ code: 'failed' });
    await expect(refused).rejects.toThrow(/^host 'box' answered gateway\.stop with something else: /);
    expect(link.connected).toBe(true);
  });

  it('a --host link came back by itself after a drop (and could start serve there unasked): it stays lost', async () => {
    const { link, serve, fake } = await connectedLink();
    const lost: string[] = [];
    link.onLost((reason) => lost.push(reason));
    serve.sockets[0]?.terminate();
    await expect.poll(() => link.view().state).toBe('lost');
    expect(link.view()).toMatchObject({ retryAt: null, remote: { live: false } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.runs).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(fake.tunnels.every((tunnel) => tunnel.killedWith !== null)).toBe(true);
  });

  it('a kept link comes back after a drop, with its listeners still subscribed', async () => {
    const { link, serve, fake } = await connectedLink({ keep: true });
    const seen: string[] = [];
    link.onEvent((event) => seen.push(event.type));
    serve.sockets[0]?.terminate();
    await expect.poll(() => fake.runs.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => link.view().state, { timeout: 3000 }).toBe('connected');
    serve.sockets.at(-1)?.send(JSON.stringify({ event: { type: 'warning', message: 'hello' } }));
    await expect.poll(() => seen).toEqual(['warning']);
  });

  it('"started by Lobsterpot" went missing after a reconnect that found the serve it had started', async () => {
    const serve = await fakeServe();
    cleanups.push(() => stopServe(serve));
    const fake = fakeSsh(serve.port);
    const running = { pid: 4242, kind: 'serve', url: `http://127.0.0.1:${serve.port}/?token=t0k` };
    const answers = [{ running: null }, { running, started: true }, { running }];
    const run = fake.ssh.run;
    fake.ssh.run = async (args, timeout, signal) => {
      const answer = answers.shift();
      if (!answer) return run(args, timeout, signal);
      fake.runs.push(args);
      return { code: 0, stdout: JSON.stringify(answer), stderr: '' };
    };
    const link = new HostLink(config, { ssh: fake.ssh, pickPort: async () => serve.port, onChange: () => undefined });
    cleanups.push(() => link.close());
    await link.connect();
    expect(link.view().supervisor).toEqual({ pid: 4242, kind: 'serve', startedByUs: true });
    await link.reconnect();
    expect(link.view().supervisor).toEqual({ pid: 4242, kind: 'serve', startedByUs: true });
  });

  it('says what the other host warns of when it starts serve there (linger off over ssh)', async () => {
    const serve = await fakeServe();
    cleanups.push(() => stopServe(serve));
    const fake = fakeSsh(serve.port);
    const running = { pid: 4242, kind: 'serve', url: `http://127.0.0.1:${serve.port}/?token=t0k` };
    const warning = 'linger is off for ops: … Run `loginctl enable-linger ops` once';
    const answers = [{ running: null }, { running, started: true, warnings: [warning] }];
    const run = fake.ssh.run;
    fake.ssh.run = async (args, timeout, signal) => {
      const answer = answers.shift();
      if (!answer) return run(args, timeout, signal);
      return { code: 0, stdout: JSON.stringify(answer), stderr: '' };
    };
    const link = new HostLink(config, { ssh: fake.ssh, pickPort: async () => serve.port, onChange: () => undefined });
    cleanups.push(() => link.close());
    const said: string[] = [];
    await link.connect({ say: (message) => said.push(message) });
    expect(said).toContain(`box: ${warning}`);
  });

  it('close racing reconnect left a tunnel running on a closed link', async () => {
    const serve = await fakeServe();
    cleanups.push(() => stopServe(serve));
    const fake = fakeSsh(serve.port, 30);
    const link = new HostLink(config, { ssh: fake.ssh, pickPort: async () => serve.port, onChange: () => undefined });
    link.keep();
    void link.reconnect();
    await link.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.tunnels.filter((tunnel) => tunnel.killedWith === null)).toEqual([]);
    expect(link.connected).toBe(false);
    const runs = fake.runs.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.runs.length).toBe(runs); // nothing retried after close
  });

  it('close waited for a whole connect under way (25 s): it aborts it at once', async () => {
    const fake = fakeSsh(1, 5000);
    const link = new HostLink(config, { ssh: fake.ssh, pickPort: async () => 1, onChange: () => undefined });
    link.keep();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await link.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(fake.tunnels).toEqual([]);
  });
});
