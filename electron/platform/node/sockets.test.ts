import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isAlive, signalGroup } from './processes.ts';
import { listListeners, listeningPorts } from './sockets.ts';

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );

describe.runIf(process.platform === 'linux')('listListeners', () => {
  it('finds every listening port that a whole read of /proc/net/tcp finds, with connections in the table (the read stops at the first other row)', async () => {
    const servers = [createServer(), createServer(), createServer()];
    const sockets: Socket[] = [];
    try {
      const ports = await Promise.all(servers.map(listen));
      // Established rows (both ends of each connection) follow the listening ones in the kernel's table.
      for (const port of ports)
        sockets.push(
          await new Promise<Socket>((resolve) => {
            const s = connect(port, '127.0.0.1', () => resolve(s));
          }),
        );
      const whole = () => {
        const listening = new Set<number>();
        for (const table of ['/proc/net/tcp', '/proc/net/tcp6'])
          for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
            const fields = line.trim().split(/\s+/);
            if (fields[3] === '0A') listening.add(parseInt(fields[1]?.split(':')[1] ?? '', 16));
          }
        return listening;
      };
      const before = whole();
      const found = new Set((await listListeners()).map((l) => l.port));
      const after = whole();
      for (const port of ports) expect(found).toContain(port);
      // Other processes' sockets may come and go meanwhile: a port listening in both whole reads is sure to be found.
      for (const port of before) if (after.has(port)) expect(found, `port ${port}`).toContain(port);
      expect(await listeningPorts()).toEqual(expect.arrayContaining(ports));
    } finally {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

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
