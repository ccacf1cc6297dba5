// The test world as a Playwright fixture: each spec file gets its own HOME, data dir and port block, a real
// `lobsterpot serve` when it asks for one, and at the end every process it started is ended by process group (serve's
// group, with any ssh it ran, then each gateway's from OpenClaw's lock files), also when a test failed.
import { test as base } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { signalGroup } from '../electron/platform/node/processes.ts';
import { freePortBlock } from '../tests/integration/world.ts';
import {
  gatewayPids,
  lobsterpot,
  makeMachine,
  makeWorld,
  removeWorld,
  serveUrl,
  startServe,
  stopServe,
  type CommandResult,
  type Machine,
} from './harness.ts';

export interface WorldOptions {
  /** Names the world (its folder's prefix); each spec file sets its own, so no two files share a world. */
  name: string;
  /** settings.json beside the OpenClaw path and the base port (stop grace, watchdog …). */
  settings: Record<string, unknown>;
  /** How long serve may take to stop what it runs before its group is killed. */
  stopGraceMs: number;
}

export interface World extends Machine {
  /** The world's folder (home/ and data/ in it). */
  dir: string;
  /** The first port of this world's free block (1500 ports nothing listens on): profiles are made from here. */
  basePort: number;
  /** Starts `lobsterpot serve` (once) in a process group of its own, on `port` or a free one; its URL with the token. */
  serve(port?: number): Promise<string>;
  /** The URL serve printed; throws before `serve()`. */
  readonly url: string;
  /** `lobsterpot …` in this world, as a person would run it. */
  lobsterpot(args: string[], timeout?: number): Promise<CommandResult>;
}

export const test = base.extend<object, { worldOptions: WorldOptions; world: World }>({
  worldOptions: [
    { name: 'world', settings: {}, stopGraceMs: 30_000 },
    { scope: 'worker', option: true },
  ],
  world: [
    async ({ worldOptions }, use) => {
      const dir = makeWorld(`lp-e2e-${worldOptions.name}-`);
      // A wide free block: a spec spreads its profiles over it (peer's reach base+1200).
      const basePort = await freePortBlock();
      const machine = makeMachine(dir, basePort, worldOptions.settings);
      let server: ChildProcess | undefined;
      let url: string | null = null;
      const world: World = {
        ...machine,
        dir,
        basePort,
        async serve(port?: number) {
          if (url) return url;
          server = startServe(machine.env, port ?? 0);
          url = await serveUrl(server);
          return url;
        },
        get url() {
          if (!url) throw new Error('the world has no serve yet: call world.serve() first');
          return url;
        },
        lobsterpot: (args, timeout) => lobsterpot(machine.env, args, timeout),
      };
      try {
        await use(world);
      } finally {
        // Gateways are read before serve goes (it may remove their locks), and again after (it may have started one).
        const gateways = gatewayPids(machine.home);
        await stopServe(server, worldOptions.stopGraceMs);
        for (const pid of new Set([...gateways, ...gatewayPids(machine.home)])) signalGroup(pid, 'SIGKILL');
        removeWorld(dir);
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

export { expect } from '@playwright/test';
