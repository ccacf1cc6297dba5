import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isAlive, signalGroup } from './processes.ts';
import { listListeners } from './sockets.ts';

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );

describe.runIf(process.platform === 'linux')('listListeners', () => {
  it('names the owner of a port again after the port changes hands (owners are remembered per socket)', async () => {
    const ours = createServer();
    const port = await listen(ours);
    expect(await listListeners(new Set([port]))).toMatchObject([{ port, pid: process.pid }]);
    expect(await listListeners(new Set([port]))).toMatchObject([{ port, pid: process.pid }]);
    await new Promise((resolve) => ours.close(resolve));
    expect(await listListeners(new Set([port]))).toEqual([]);

    // Another process takes the same port: a new socket, so the remembered owner must not be reused.
    const child = spawn(
      process.execPath,
      ['-e', `require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('up'))`],
      { detached: true, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise((resolve) => child.stdout.once('data', resolve));
      expect(await listListeners(new Set([port]))).toMatchObject([{ port, pid: child.pid }]);
    } finally {
      signalGroup(child.pid as number, 'SIGKILL');
      await new Promise((resolve) => (isAlive(child.pid as number) ? child.once('exit', resolve) : resolve(null)));
    }
  });
});
