// `lobsterpot serve` as a user runs it: a real gateway started through the WebSocket, then Ctrl-C, which in a terminal
// reaches the server more than once (npm and scripts/start.ts forward it). The gateway must be stopped all the same.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { isAlive, signalGroup } from '../../electron/platform/node/processes.ts';
import { listListeners } from '../../electron/platform/node/sockets.ts';
import { World, freePortBlock } from './world.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lobsterpot.js');

describe('lobsterpot serve', () => {
  let world: World;
  let server: ChildProcess;
  let url: URL;
  let out = '';

  beforeAll(async () => {
    world = await World.create();
    const manager = await world.manager();
    await manager.execute('profiles.create', { name: 'alpha' });
    await manager.close({ leave: true });
    server = spawn(process.execPath, [BIN, 'serve', '--port', String(await freePortBlock(10))], {
      env: { ...process.env, HOME: world.home, LOBSTERPOT_HOME: world.dataDir },
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const printed = await world.until(
      'the server URL',
      () => /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1],
      30_000,
    );
    url = new URL(printed);
  });

  afterAll(async () => {
    if (server?.pid) signalGroup(server.pid, 'SIGKILL');
    await world?.dispose();
  });

  it('stops the gateway it started when Ctrl-C arrives twice', async () => {
    const socket = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const reply = await new Promise<{ ok: boolean; result: { state: string; pid: number } }>((resolve) => {
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.id === 1) resolve(message);
      });
      socket.send(JSON.stringify({ id: 1, command: 'gateway.start', args: { name: 'alpha' } }));
    });
    expect(reply).toMatchObject({ ok: true, result: { state: 'ready' } });
    const gatewayPid = reply.result.pid;
    world.pids.add(gatewayPid);
    socket.close();

    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGINT');
    // The second one comes once the first is being handled (signals sent together would merge into one).
    await world.until('the server to start stopping', () => out.includes('stopping'), 10_000);
    server.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(isAlive(gatewayPid)).toBe(false);
    expect(await listListeners(new Set([world.basePort]))).toEqual([]);
  });
});
