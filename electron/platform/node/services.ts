// Who owns a gateway: the OS service OpenClaw installs per profile (systemd user unit, launchd agent, Windows task),
// driven through OpenClaw's own `gateway start|stop|install|uninstall`; and, for a gateway Lobsterpot did not start,
// the supervisor above its process (its parent chain and the markers in its environment). The OS is injected: tests
// use fakes, and a real `systemd --user` where the machine has one.
import { procStatFields } from './processes.ts';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LobsterpotError, type GatewayStatus, type SupervisorInfo } from '../../contract/contract.ts';
import type { OpenClawCli } from '../../openclaw/node/openclaw-cli.ts';
import { failureText, parseJsonOutput } from '../../openclaw/node/openclaw-cli.ts';
import { serviceNamesOf } from './paths.ts';

export interface ServiceState {
  installed: boolean;
  active: boolean;
  label: string | null;
}

/** One platform's per-profile OS service, as OpenClaw installs it. */
export interface ServiceAdapter {
  readonly kind: 'systemd' | 'launchd' | 'schtasks';
  /** The unit, label or task name of a profile's service (OPENCLAW.md, Profiles). */
  unitName(profile: string): string;
  status(profile: string): Promise<ServiceState>;
  start(profile: string): Promise<void>;
  stop(profile: string): Promise<void>;
  /** Installs (or re-installs) the service pinned to `port`. */
  install(profile: string, port: number): Promise<void>;
  uninstall(profile: string): Promise<void>;
}

const notInstalled = (): ServiceState => ({ installed: false, active: false, label: null });

/** Why an instance set up by environment has no OS service: OpenClaw skips service management for custom state dirs. */
export const NO_SERVICE_FOR_INSTANCE =
  'OpenClaw skips OS service management for a custom state dir (OPENCLAW_STATE_DIR): an instance set up by environment has no service to hand over to. Convert it to a profile first (`lobsterpot convert NAME`).';

/**
 * The service side of an instance set up by environment: never installed (a profile's unit of the same name is not
 * its own), and a hand-over to a service is refused with the reason.
 */
export const instanceServices: ServiceAdapter = {
  kind: process.platform === 'darwin' ? 'launchd' : process.platform === 'win32' ? 'schtasks' : 'systemd',
  unitName: () => 'none (OpenClaw skips service management for a custom state dir)',
  status: async () => notInstalled(),
  start: async () => {
    throw new LobsterpotError('refused', NO_SERVICE_FOR_INSTANCE);
  },
  stop: async () => undefined,
  install: async () => {
    throw new LobsterpotError('refused', NO_SERVICE_FOR_INSTANCE);
  },
  uninstall: async () => undefined,
};

/**
 * The adapter of this platform over OpenClaw's own service commands. The unit file is looked for first (cheap); the
 * CLI (about a second) is asked only when there is one, or always on Windows, where a task leaves no file to find.
 */
export function openclawServiceAdapter(options: {
  cli: () => OpenClawCli;
  home: string;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}): ServiceAdapter {
  const platform = options.platform ?? process.platform;
  const kind = platform === 'darwin' ? 'launchd' : platform === 'win32' ? 'schtasks' : 'systemd';
  const unitName = (profile: string) => {
    const names = serviceNamesOf(profile);
    return kind === 'launchd' ? names.launchdLabel : kind === 'schtasks' ? names.windowsTask : names.systemdUnit;
  };
  const unitFile = (profile: string) =>
    kind === 'launchd'
      ? join(options.home, 'Library', 'LaunchAgents', `${unitName(profile)}.plist`)
      : kind === 'systemd'
        ? join(options.env.XDG_CONFIG_HOME || join(options.home, '.config'), 'systemd', 'user', unitName(profile))
        : null;
  const act = async (profile: string, args: string[]) => {
    const result = await options.cli().run(profile, ['gateway', ...args, '--json'], { timeoutMs: 60_000 });
    const json = parseJsonOutput(result.stdout);
    if (result.code !== 0 || json?.ok === false)
      throw new LobsterpotError('failed', `openclaw gateway ${args[0]}: ${failureText(result)}`);
  };
  return {
    kind,
    unitName,
    async status(profile) {
      const file = unitFile(profile);
      if (file !== null && !existsSync(file)) return notInstalled();
      try {
        return await options.cli().serviceStatus(profile);
      } catch {
        return { installed: file !== null, active: false, label: null };
      }
    },
    start: (profile) => options.cli().service(profile, 'start'),
    stop: (profile) => options.cli().service(profile, 'stop'),
    install: (profile, port) => act(profile, ['install', '--force', '--port', String(port)]),
    uninstall: (profile) => act(profile, ['uninstall']),
  };
}

// ---- the supervisor above a process -------------------------------------------------------------------------------

export interface ProcessLink {
  pid: number;
  ppid: number | null;
  /** The command name (`systemd`, `bash`, `PM2 v5.4.3: God Daemon (/home/u/.pm2)`…). */
  command: string | null;
}

export interface SupervisorProbe {
  link(pid: number): Promise<ProcessLink | null>;
  /** The process's environment, where the OS lets us read it. */
  environ(pid: number): Promise<Record<string, string> | null>;
}

const SHELLS = new Set([
  'bash',
  'sh',
  'zsh',
  'dash',
  'fish',
  'ksh',
  'tcsh',
  'csh',
  'pwsh',
  'powershell.exe',
  'cmd.exe',
]);

/** A process that supervises what runs under it, by its command; null for an ordinary one. */
function supervisorName(command: string): string | null {
  const name = basename(command.split(/\s+/)[0] ?? '').replace(/^-/, '');
  if (/^PM2\b.*God Daemon/i.test(command) || name === 'pm2') return 'pm2';
  if (name === 'systemd') return 'systemd';
  if (name === 'launchd') return 'launchd';
  if (/supervisord/.test(command)) return 'supervisord';
  if (['runsv', 'runsvdir', 's6-supervise', 'monit', 'forever', 'nodemon'].includes(name)) return name;
  if (['tini', 'dumb-init', 'docker-init', 'containerd-shim', 'containerd-shim-runc-v2'].includes(name))
    return 'a container init';
  if (['tmux', 'tmux: server', 'screen', 'SCREEN'].includes(name) || /^tmux/.test(command)) return 'tmux or screen';
  if (SHELLS.has(name)) return 'a shell';
  return null;
}

/** Environment markers, strongest first: what a service manager sets for what it runs (OPENCLAW.md, Environment). */
const MARKERS: { name: string; supervisor: (value: string) => string }[] = [
  { name: 'OPENCLAW_SYSTEMD_UNIT', supervisor: (v) => `systemd (${v})` },
  { name: 'OPENCLAW_LAUNCHD_LABEL', supervisor: (v) => `launchd (${v})` },
  { name: 'OPENCLAW_WINDOWS_TASK_NAME', supervisor: (v) => `Task Scheduler (${v})` },
  { name: 'OPENCLAW_SERVICE_KIND', supervisor: (v) => `an OpenClaw service (${v})` },
  { name: 'OPENCLAW_SERVICE_MARKER', supervisor: () => 'an OpenClaw service' },
  { name: 'INVOCATION_ID', supervisor: () => 'systemd' },
  { name: 'SYSTEMD_EXEC_PID', supervisor: () => 'systemd' },
  { name: 'LAUNCH_JOB_LABEL', supervisor: (v) => `launchd (${v})` },
  { name: 'XPC_SERVICE_NAME', supervisor: (v) => `launchd (${v})` },
  { name: 'PM2_HOME', supervisor: () => 'pm2' },
  { name: 'pm_id', supervisor: () => 'pm2' },
  { name: 'SUPERVISOR_PROCESS_NAME', supervisor: (v) => `supervisord (${v})` },
];

/**
 * Who supervises a process, from its ancestors (parent first) and its environment. Markers win: a service's process
 * is parented by pid 1 too, but so is any orphan, so pid 1 alone proves nothing. `self` is Lobsterpot's own pid.
 */
export function identifySupervisor(
  chain: readonly ProcessLink[],
  environ: Readonly<Record<string, string>> | null,
  self: number | null = null,
): SupervisorInfo | null {
  const evidence: string[] = [];
  let name: string | null = null;
  for (const marker of MARKERS) {
    const value = environ?.[marker.name];
    if (value === undefined || value === '') continue;
    // Values of these markers are unit names, labels and ids, never secrets.
    evidence.push(`${marker.name}=${value}`);
    name ??= marker.supervisor(value);
  }
  let supervisorPid: number | null = null;
  for (const link of chain) {
    if (self !== null && link.pid === self) {
      evidence.push(`parent ${link.pid} is this Lobsterpot`);
      return { name: name ?? 'lobsterpot', pid: link.pid, evidence };
    }
    const found = link.command ? supervisorName(link.command) : null;
    if (found) {
      evidence.push(`ancestor ${link.pid} (${link.command})`);
      name ??= found;
      supervisorPid = link.pid;
      break;
    }
    if (link.pid === 1) {
      evidence.push(`reparented to pid 1 (${link.command ?? 'init'})`);
      name ??= 'none (its parent exited; now under init)';
      supervisorPid = 1;
      break;
    }
  }
  return name === null ? null : { name, pid: supervisorPid, evidence };
}

/** /proc/<pid>/stat: the command between the parentheses, then the state and the parent pid. */
export function parseStatLink(pid: number, text: string): ProcessLink | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const ppid = Number(procStatFields(text)?.[1]);
  return { pid, ppid: Number.isInteger(ppid) && ppid > 0 ? ppid : null, command: text.slice(open + 1, close) };
}

const run = (command: string, args: string[]) =>
  new Promise<string | null>((resolve) =>
    execFile(command, args, { timeout: 5000 }, (error, stdout) => resolve(error ? null : stdout)),
  );

/** The OS's answers: /proc on Linux, `ps` elsewhere (where another process's environment is not readable). */
export const osSupervisorProbe: SupervisorProbe = {
  async link(pid) {
    if (process.platform === 'linux') {
      const [stat, cmdline] = await Promise.all([
        readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null),
        readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
      ]);
      const link = stat === null ? null : parseStatLink(pid, stat);
      // The full command line tells a pm2 God Daemon or supervisord from a plain node or python.
      const full = cmdline.split('\0').filter(Boolean).join(' ');
      return link && full ? { ...link, command: full } : link;
    }
    const out = (await run('ps', ['-o', 'ppid=', '-o', 'command=', '-p', String(pid)]))?.trim();
    const match = out ? /^(\d+)\s+(.*)$/.exec(out) : null;
    return match ? { pid, ppid: Number(match[1]) || null, command: match[2] ?? null } : null;
  },
  async environ(pid) {
    if (process.platform !== 'linux') return null;
    const raw = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => null);
    if (raw === null) return null;
    const env: Record<string, string> = {};
    for (const entry of raw.split('\0')) {
      const at = entry.indexOf('=');
      if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
    }
    return env;
  },
};

/** Walks a process's parents (at most 32) and reads its environment, then names its supervisor. */
export async function findSupervisor(
  pid: number,
  probe: SupervisorProbe = osSupervisorProbe,
  self: number | null = process.pid,
): Promise<SupervisorInfo | null> {
  const chain: ProcessLink[] = [];
  let next = (await probe.link(pid))?.ppid ?? null;
  for (let depth = 0; next !== null && depth < 32; depth++) {
    const link = await probe.link(next);
    if (!link) break;
    chain.push(link);
    if (link.pid === 1) break;
    next = link.ppid;
  }
  return identifySupervisor(chain, await probe.environ(pid), self);
}

// ---- hand-overs ------------------------------------------------------------------------------------------------

export interface HandOverDeps {
  adapter: ServiceAdapter;
  profile: string;
  /** The base port the service must be pinned to (the one the gateway uses now). */
  port: number;
  /** Lobsterpot's own start and stop of the profile (through its supervisor: one job at a time). */
  start(): Promise<GatewayStatus>;
  stop(): Promise<void>;
  /** Looks again for the running gateway and the service (adoption). */
  refresh(): Promise<void>;
  status(): GatewayStatus;
  /** Waits for `check`, looking again now and then, up to `ms`. */
  until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean>;
}

const UP = new Set(['ready', 'degraded', 'external']);

/** "Let Lobsterpot run it": the service is stopped and uninstalled, then Lobsterpot starts (or adopts) the gateway. */
export async function handOverToLobsterpot(deps: HandOverDeps): Promise<GatewayStatus> {
  const { adapter, profile } = deps;
  const service = await adapter.status(profile);
  if (!service.installed)
    throw new LobsterpotError('refused', `${profile} has no OS service (${adapter.unitName(profile)}) to take over`);
  // Through Lobsterpot's own stop first (it drives the service and forgets the pid); the service's, if still up.
  if (service.active) await deps.stop();
  if ((await adapter.status(profile)).active) await adapter.stop(profile);
  await adapter.uninstall(profile);
  await deps.refresh();
  const status = await deps.start();
  if (status.owner !== 'lobsterpot' && status.state !== 'ready')
    throw new LobsterpotError('failed', `${profile}: the service is gone, but the gateway is ${status.state}`);
  return status;
}

/** "Run it as an OS service": installed with the current port, Lobsterpot's copy stopped, the service's watched. */
export async function handOverToService(deps: HandOverDeps): Promise<GatewayStatus> {
  const { adapter, profile } = deps;
  await adapter.install(profile, deps.port);
  await deps.stop();
  await adapter.start(profile);
  const up = await deps.until(async () => {
    await deps.refresh();
    const status = deps.status();
    return status.owner === 'service' && UP.has(status.state);
  }, 60_000);
  if (!up) {
    const status = deps.status();
    throw new LobsterpotError(
      'failed',
      `${profile}: the service ${adapter.unitName(profile)} was started but its gateway is ${status.state}${status.reason ? ` (${status.reason})` : ''}`,
    );
  }
  return deps.status();
}
