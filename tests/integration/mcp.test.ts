// `lobsterpot mcp` against real gateways: the MCP SDK's own client drives the real command (through the running
// supervisor's control socket, then acting itself with none), and OpenClaw itself lists its tools as a client
// (`openclaw --profile rescue mcp probe lobsterpot --json`) from the rescue preset's own `mcp.servers` entry.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { claimSupervisor, type ControlEndpoint } from '../../electron/supervisor/node/control.ts';
import { readWiring } from '../../electron/mcp/node/wiring.ts';
import { gatewayEnv } from '../../electron/gateways/node/env.ts';
import { signalGroup } from '../../electron/platform/node/processes.ts';
import { BIN } from './cli.ts';
import { REAL_OPENCLAW, World } from './world.ts';

type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };

describe('lobsterpot mcp (issue 25)', () => {
  let world: World;
  let manager: Manager;
  let endpoint: ControlEndpoint | null = null;
  let client: Client;
  let transport: StdioClientTransport;

  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = (await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })) as ToolResult;
    const text = result.content.map((c) => c.text).join('\n');
    return { error: result.isError === true, text, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  const causes = async (name: string) =>
    (await manager.execute('history.get', { name })).entries.map((e) => `${e.state} by ${e.cause?.by ?? '?'}`);

  beforeAll(async () => {
    world = await World.create();
    manager = await world.manager();
    await manager.execute('profiles.create', { name: 'main' });
    await manager.execute('profiles.create', { name: 'rescue', preset: 'rescue' });
    const claim = await claimSupervisor(world.dataDir, 'serve', (command, args, author) =>
      manager.reply(command, args, author),
    );
    if (!('claimed' in claim)) throw new Error('another supervisor runs in this world');
    endpoint = claim.claimed;
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', '--profile', 'rescue'],
      env: { PATH: process.env.PATH ?? '', HOME: world.home, LOBSTERPOT_HOME: world.dataDir },
      stderr: 'pipe',
    });
    client = new Client({ name: 'lobsterpot-test', version: '1' });
    await client.connect(transport);
  }, 240_000);

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    // The SDK spawns the server in the test's own group: it is ended alone (it has no children once closed).
    if (transport?.pid) {
      try {
        process.kill(transport.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await endpoint?.close().catch(() => undefined);
    await world?.dispose();
  });

  it('the rescue preset wires the server into its own mcp.servers and may act on the others', async () => {
    const rescue = manager.snapshot().profiles.find((p) => p.name === 'rescue')!;
    const entry = await readWiring(rescue.configPath);
    expect(entry?.args.slice(-3)).toEqual(['mcp', '--profile', 'rescue']);
    expect(entry?.env.LOBSTERPOT_HOME).toBe(world.dataDir);
    expect(await manager.execute('mcp.get', { name: 'rescue' })).toMatchObject({ wired: true, actions: true });
    expect(await manager.execute('mcp.get', { name: 'main' })).toMatchObject({ wired: false, actions: false });
  });

  it('lists its tools to the SDK client and shows the real states', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(
      [
        'browser_status',
        'gateway_history',
        'gateway_log',
        'gateway_status',
        'isolation_audit',
        'list_profiles',
        'restart_gateway',
        'start_gateway',
        'stop_gateway',
      ].sort(),
    );
    const profiles = JSON.parse((await call('list_profiles')).text) as {
      name: string;
      state: string;
      actions: string;
    }[];
    expect(profiles.find((p) => p.name === 'main')).toMatchObject({
      state: 'stopped',
      actions: expect.stringMatching(/allowed/),
    });
    expect(profiles.find((p) => p.name === 'rescue')?.actions).toMatch(/not allowed: .*itself/);
  });

  it('starts the main gateway through the running supervisor, recorded as mcp (rescue)', async () => {
    const started = await call('start_gateway', { profile: 'main' });
    expect(started.error, started.text).toBe(false);
    expect(started.json()).toMatchObject({ state: 'ready' });
    const status = manager.snapshot().gateways.find((g) => g.profile === 'main')!;
    world.pids.add(status.pid!);
    expect(status).toMatchObject({ state: 'ready', owner: 'lobsterpot' });
    expect(await causes('main')).toContain('starting by mcp (rescue)');
    const detail = (await call('gateway_status', { profile: 'main' })).json();
    expect(detail).toMatchObject({ state: 'ready', pid: status.pid, port: status.port });
    expect((await call('gateway_log', { profile: 'main', lines: 50 })).text).toMatch(/gateway/i);
    expect((await call('isolation_audit')).json()).toHaveProperty('findings');
  });

  it('never acts on its own profile, and not at all once the setting is off', async () => {
    const self = await call('stop_gateway', { profile: 'rescue' });
    expect(self.error).toBe(true);
    expect(self.text).toMatch(/itself/);
    await manager.execute('mcp.set', { name: 'rescue', actions: false });
    const off = await call('stop_gateway', { profile: 'main' });
    expect(off.error).toBe(true);
    expect(off.text).toMatch(/actions are off for rescue/);
    expect(manager.snapshot().gateways.find((g) => g.profile === 'main')?.state).toBe('ready');
    await manager.execute('mcp.set', { name: 'rescue', actions: true });
  });

  it('OpenClaw itself is a client: `mcp probe` lists the tools from the preset entry', async () => {
    const env = { ...gatewayEnv(process.env, { home: world.home }), HOME: world.home };
    const probe = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [REAL_OPENCLAW, '--profile', 'rescue', 'mcp', 'probe', 'lobsterpot', '--json'],
        {
          env,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const timer = setTimeout(() => child.pid && signalGroup(child.pid, 'SIGKILL'), 120_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    });
    expect(probe.code, probe.err + probe.out).toBe(0);
    for (const tool of ['list_profiles', 'gateway_status', 'restart_gateway']) expect(probe.out).toContain(tool);
  }, 150_000);

  it('with no supervisor running it acts itself under the lock, still recorded as mcp (rescue)', async () => {
    await endpoint?.close();
    endpoint = null;
    const stopped = await call('stop_gateway', { profile: 'main' });
    expect(stopped.error, stopped.text).toBe(false);
    expect(stopped.json()).toMatchObject({ profile: 'main', state: 'stopped' });
    await manager.refresh();
    const entries = (await manager.execute('history.get', { name: 'main' })).entries;
    expect(entries.at(-1)).toMatchObject({ state: 'stopped', cause: { kind: 'person', by: 'mcp (rescue)' } });
  });
});
