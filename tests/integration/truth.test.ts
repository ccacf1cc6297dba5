// Issue 20, defects 1–4: what Lobsterpot shows is what is true. Real gateways, driven through the real CLI as
// separate processes (no supervisor running, then with `serve`), and what `status`, `ports` and `history` say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { isAlive, signalGroup } from '../../electron/platform/node/processes.ts';
import { lobsterpot } from './cli.ts';
import { World } from './world.ts';

interface Finding {
  severity: string;
  kind: string;
  message: string;
  profiles: string[];
  ports?: number[];
}
interface Gateway {
  profile: string;
  state: string;
  pid: number | null;
  reason: string | null;
  port: number;
}

describe('one truth per gateway (real gateways through the CLI)', () => {
  let world: World;
  const json = async <T>(args: string[]) => {
    const result = await lobsterpot(world, [...args, '--json']);
    return { ...result, value: JSON.parse(result.out || 'null') as T };
  };
  const note = (gateways: Gateway[]) => {
    for (const g of gateways) if (g.pid) world.pids.add(g.pid);
  };
  const squatters: Server[] = [];

  beforeAll(async () => {
    world = await World.create();
    for (const [name, offset] of [
      ['alpha', 0],
      ['beta', 240],
    ] as const) {
      const created = await lobsterpot(world, ['create', name, '--port', String(world.basePort + offset)]);
      expect(created, created.err).toMatchObject({ code: 0 });
    }
  });

  afterAll(async () => {
    for (const server of squatters) server.close();
    const status = await json<{ gateways: Gateway[] }>(['status']).catch(() => null);
    if (status?.value) note(status.value.gateways);
    await world?.dispose();
  });

  it("defect 1: with no supervisor, `start --all` then `status`/`ports` reported a profile's own gateway as a foreign holder of its base port", async () => {
    const started = await json<{ results: { profile: string; state: string }[] }>(['start', '--all']);
    expect(started.code, started.err).toBe(0);
    expect(started.value.results.map((r) => r.state)).toEqual(['ready', 'ready']);
    // Asked several times: the flaw showed in 9 of 10 runs, naming either profile.
    for (let ask = 0; ask < 3; ask++) {
      const status = await json<{ gateways: Gateway[]; findings: Finding[] }>(['status']);
      note(status.value.gateways);
      expect(status.value.gateways.map((g) => [g.profile, g.state])).toEqual([
        ['alpha', 'ready'],
        ['beta', 'ready'],
      ]);
      expect(status.value.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const ports = await json<{ findings: Finding[] }>(['ports']);
      expect(ports.value.findings.filter((f) => f.severity === 'error')).toEqual([]);
    }
  });

  it('defect 2: a gateway refused as port-blocked kept citing the holder’s pid after that process had exited', async () => {
    const supervisor = await world.manager();
    await supervisor.execute('gateway.stop', { name: 'beta' });
    const beta = supervisor.snapshot().profiles.find((p) => p.name === 'beta');
    const port = beta?.effectivePort as number;
    // Another program takes beta's base port, in a process group of its own that the world ends.
    const holder = spawn(
      process.execPath,
      ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`],
      { detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    world.pids.add(holder.pid as number);
    await new Promise((resolve) => holder.stdout?.once('data', resolve));
    await expect(supervisor.execute('gateway.start', { name: 'beta' })).rejects.toThrow(
      `port ${port} is already in use by pid ${holder.pid}`,
    );
    const blocked = (await supervisor.execute('state.snapshot', {})).gateways.find((g) => g.profile === 'beta');
    expect(blocked).toMatchObject({ state: 'port-blocked', reason: expect.stringContaining(`pid ${holder.pid}`) });
    signalGroup(holder.pid as number, 'SIGKILL');
    await world.until('the holder to exit', () => !isAlive(holder.pid as number), 10_000);
    // Asked again: the refusal no longer holds, and no dead pid is cited as the holder.
    const after = (await supervisor.execute('state.snapshot', {})).gateways.find((g) => g.profile === 'beta');
    expect(after?.state).toBe('stopped');
    expect(after?.reason ?? '').not.toContain(`pid ${holder.pid}`);
    await supervisor.close({ leave: true });
  });

  it('defect 3: a foreign listener on a footprint port showed in `ports` only at the 30 s rescan: asking gives a fresh look', async () => {
    // With a supervisor watching (serve), a port in alpha's footprint is taken by something else.
    const serve = await world.manager({ face: { watch: true }, timing: { watchIntervalMs: 600_000 } });
    const alpha = serve.snapshot().profiles.find((p) => p.name === 'alpha');
    // An extension relay's port: inside the footprint, and opened by no gateway without a browser extension.
    const port = (alpha?.effectivePort as number) + 7;
    const squatter = createServer();
    squatters.push(squatter);
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    // The person asks: the answer has it, though the periodic scan is ten minutes away.
    const asked = await serve.execute('state.snapshot', {});
    expect(asked.listeners.some((l) => l.port === port && l.pid === process.pid)).toBe(true);
    squatter.close();
    await serve.close({ leave: true });
  });
});
