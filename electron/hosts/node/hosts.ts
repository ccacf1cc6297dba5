// The other hosts Lobsterpot knows (`hosts.json` in its data dir: names, ssh destinations and how to run Lobsterpot
// there; never a token) and, in the supervisor, a link to each (link.ts). A one-shot CLI command keeps no links: its
// `--host NAME` opens one link for the command and closes it (cli/host-core.ts).
import { chmod, mkdir, readFile, rename } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { LobsterpotError, type CommandName, type HostConfig, type HostView } from '../../contract/contract.ts';
import { sameProfileName } from '../../profiles/common/names.ts';
import type { PortRange } from '../../ports/common/ports.ts';
import type { Backoff } from '../../platform/common/backoff.ts';
import { writeFileAtomic } from '../../platform/node/fs-atomic.ts';
import { HostLink, type LinkDeps } from './link.ts';
import { systemSsh, type SshRunner } from './ssh.ts';

const HOSTS_VERSION = 1;
const hostsFileSchema = z.object({
  version: z.literal(HOSTS_VERSION),
  hosts: z.array(
    z.object({
      name: z.string(),
      destination: z.string(),
      sshConfig: z.string().nullable(),
      command: z.string(),
    }),
  ),
});

export const hostsFileOf = (dataDir: string) => join(dataDir, 'hosts.json');

/** The hosts in the file; a file that cannot be read as hosts is moved aside (said through `warn`) and none are used. */
export async function readHosts(dataDir: string, warn: (message: string) => void = () => {}): Promise<HostConfig[]> {
  const file = hostsFileOf(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    return hostsFileSchema.parse(JSON.parse(text)).hosts;
  } catch (error) {
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside).catch(() => undefined);
    warn(
      `${file} could not be read as Lobsterpot's hosts (${(error as Error).message.split('\n')[0]}); moved to ${aside}`,
    );
    return [];
  }
}

async function writeHosts(dataDir: string, hosts: HostConfig[]): Promise<void> {
  const file = hostsFileOf(dataDir);
  await writeFileAtomic(file, `${JSON.stringify({ version: HOSTS_VERSION, hosts }, null, 2)}\n`);
  await chmod(file, 0o600).catch(() => undefined);
}

/**
 * A free loopback port for a tunnel's local end or a detached `serve`, outside the OS's ephemeral range (above it where
 * there is room, else below).
 */
export async function pickTunnelPort(ephemeral: PortRange | null, random = Math.random): Promise<number> {
  const above = ephemeral ? { from: ephemeral.to + 1, to: 65535 } : { from: 61000, to: 65535 };
  const range =
    above.to - above.from >= 500 ? above : { from: 20000, to: Math.max(20000, (ephemeral?.from ?? 32768) - 1) };
  for (let tries = 0; tries < 50; tries++) {
    const port = range.from + Math.floor(random() * (range.to - range.from + 1));
    if (await isFree(port)) return port;
  }
  throw new LobsterpotError('failed', `no free port for an ssh tunnel between ${range.from} and ${range.to}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Where the hosts' changes are said. */
export interface HostReports {
  changed(view: HostView): void;
  removed(name: string): void;
  warn?(message: string): void;
}

/** How a link reaches its host: ssh, a free port here for the tunnel (outside the OS's ephemeral range), its retries. */
export interface HostReach {
  ephemeral(): PortRange | null;
  /** The ssh runner (the system's `ssh` by default). */
  ssh?: SshRunner;
  /** The kept links' retry backoff (link.ts has the default). */
  backoff?: Backoff;
}

export interface HostsOptions {
  dataDir: string;
  /** Keep every host connected (the supervisor); false: the hosts are only listed (a one-shot command). */
  keep: boolean;
  report: HostReports;
  reach: HostReach;
}

export class Hosts {
  readonly #options: HostsOptions;
  readonly #links = new Map<string, HostLink>();
  #configs: HostConfig[] = [];

  private constructor(options: HostsOptions) {
    this.#options = options;
  }

  static async open(options: HostsOptions): Promise<Hosts> {
    const hosts = new Hosts(options);
    hosts.#configs = await readHosts(options.dataDir, options.report.warn);
    if (options.keep) for (const config of hosts.#configs) hosts.#link(config).keep();
    return hosts;
  }

  views(): HostView[] {
    return this.#configs.map((config) => this.#links.get(config.name)?.view() ?? unkept(config));
  }

  /** A link for one host, not kept (the CLI's `--host NAME`); the caller connects and closes it. */
  linkFor(name: string): HostLink {
    const config = this.#find(name);
    return new HostLink(
      config,
      this.#linkDeps(() => undefined),
    );
  }

  async add(config: HostConfig): Promise<HostView> {
    await this.#change((current) => {
      const clash = current.find((host) => sameProfileName(host.name, config.name));
      if (clash)
        throw new LobsterpotError('refused', `a host named '${clash.name}' exists already (${clash.destination})`);
      return [...current, config];
    });
    if (!this.#options.keep) return unkept(config);
    const link = this.#link(config);
    link.keep();
    return link.view();
  }

  async remove(name: string): Promise<{ removed: boolean }> {
    let found: HostConfig | null = null;
    await this.#change((current) => {
      const match = current.find((host) => sameProfileName(host.name, name));
      if (!match) throw new LobsterpotError('not-found', `no host named '${name}'`);
      found = match;
      return current.filter((host) => host !== match);
    });
    const removed = found as HostConfig | null;
    if (!removed) return { removed: false };
    const link = this.#links.get(removed.name);
    this.#links.delete(removed.name);
    await link?.close();
    this.#options.report.removed(removed.name);
    return { removed: true };
  }

  async reconnect(name: string): Promise<HostView> {
    const config = this.#find(name);
    const link = this.#links.get(config.name);
    if (!link) throw new LobsterpotError('refused', keptNote);
    return link.reconnect();
  }

  async call(host: string, command: string, args: Record<string, unknown>): Promise<unknown> {
    const config = this.#find(host);
    const link = this.#links.get(config.name);
    if (!link) throw new LobsterpotError('refused', keptNote);
    return link.call(command as CommandName, args);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#links.values()].map((link) => link.close()));
    this.#links.clear();
  }

  /** Read, change, write `hosts.json` under a lock, so that two processes adding hosts at once lose neither. */
  async #change(change: (current: HostConfig[]) => HostConfig[]): Promise<void> {
    const { dataDir } = this.#options;
    await mkdir(dataDir, { recursive: true });
    const release = await lockfile.lock(hostsFileOf(dataDir), {
      realpath: false,
      stale: 10_000,
      retries: { retries: 50, factor: 1, minTimeout: 50, maxTimeout: 100 },
    });
    try {
      const next = change(await readHosts(dataDir, this.#options.report.warn));
      await writeHosts(dataDir, next);
      this.#configs = next;
    } finally {
      await release().catch(() => undefined);
    }
  }

  #find(name: string): HostConfig {
    const config = this.#configs.find((host) => sameProfileName(host.name, name));
    if (!config) throw new LobsterpotError('not-found', `no host named '${name}' (lobsterpot host list)`);
    return config;
  }

  #link(config: HostConfig): HostLink {
    const link = new HostLink(
      config,
      this.#linkDeps((view) => this.#options.report.changed(view)),
    );
    this.#links.set(config.name, link);
    return link;
  }

  #linkDeps(onChange: LinkDeps['onChange']): LinkDeps {
    const { ssh, ephemeral, backoff } = this.#options.reach;
    return {
      ssh: ssh ?? systemSsh(),
      pickPort: () => pickTunnelPort(ephemeral()),
      onChange,
      ...(backoff ? { backoff } : {}),
    };
  }
}

const keptNote =
  'hosts stay connected while the app or `lobsterpot serve` runs here; without one, use `lobsterpot --host NAME <command>`';

/** A host as a process that keeps no links shows it: not connected, and its states unknown. */
function unkept(config: HostConfig): HostView {
  return {
    ...config,
    state: 'lost',
    since: Date.now(),
    message: `no Lobsterpot supervisor runs here to keep it connected (the app or \`lobsterpot serve\`); \`lobsterpot --host ${config.name} <command>\` reaches it for one command`,
    retryAt: null,
    supervisor: null,
    remote: null,
  };
}
