// The composition root: every part of the core built once, each given the narrow parts it needs. The Manager
// routes commands to them; nothing else constructs them.
import { join } from 'node:path';
import { LobsterpotError, type CommandAuthor } from '../../contract/contract.ts';
import { Fleet } from '../../fleet/node/fleet.ts';
import { Updates } from '../../fleet/node/openclaw-updates.ts';
import type { ReadinessPolicy, RestartPolicy } from '../../gateways/node/gateway-policy.ts';
import { Gateways } from '../../gateways/node/gateways.ts';
import { RunRecords } from '../../gateways/node/run-records.ts';
import type { RuntimeDeps } from '../../gateways/node/runtime-deps.ts';
import type { HostReach } from '../../hosts/node/hosts.ts';
import { OpenClaw, type OpenClawOptions } from '../../openclaw/node/access.ts';
import { systemClock, type Clock } from '../../platform/node/clock.ts';
import { lobsterpotDataDir, openclawHome } from '../../platform/node/paths.ts';
import { ListenerMonitor } from '../../ports/node/listeners.ts';
import { PortView } from '../../ports/node/port-view.ts';
import type { TrashItem } from '../../profiles/node/disposal.ts';
import { InstanceCommands } from '../../profiles/node/instance-commands.ts';
import { Provisioner } from '../../profiles/node/provisioner.ts';
import { ProfileRegistry } from '../../profiles/node/registry.ts';
import type { SettingsBackendFactory, SettingsStore } from '../../settings/node/settings.ts';
import { Discovery } from './discovery.ts';
import { EventBus } from './events.ts';

/** Where this process runs: its environment, OpenClaw's home and Lobsterpot's own data dir. */
export interface Place {
  env: NodeJS.ProcessEnv;
  /** OpenClaw's home; default `OPENCLAW_HOME` > `HOME` > the OS home. */
  home: string;
  /** Lobsterpot's own data dir (settings, logs, run records). */
  dataDir: string;
}

/** Who this process is: the face it acts as, and whether it stays to supervise. */
export interface Face {
  /** Who acts through this Manager (`app`, `serve`, `cli`): recorded with a person's intent. */
  origin?: string;
  /** Keep watching in the background (the app and `serve`); a one-shot CLI command does not. */
  watch?: boolean;
}

/** Time, and the policies and intervals that run on it. */
export interface Timing {
  clock?: Clock;
  restartPolicy?: Partial<RestartPolicy>;
  readinessPolicy?: Partial<ReadinessPolicy>;
  /** The rescan for what no file event reports (foreign listeners), while watching. */
  watchIntervalMs?: number;
  /** How often the watchdog looks (with `watch`, or alone: a test drives it with its clock). */
  watchdogIntervalMs?: number;
}

/** What the shell that opens the core does its own way. */
export interface ShellAdapters {
  /** Moves a path to the platform's trash (Electron's `shell.trashItem` in the app; the `trash` package otherwise). */
  trashItem?: TrashItem;
  /** The settings file's backend: `conf` under plain Node; the app passes electron-store (the same file and schema). */
  settingsStoreFactory?: SettingsBackendFactory;
  /** Where problems nobody asked about go (a subscriber that threw, a failed background refresh). */
  log?: (message: string) => void;
}

export interface ManagerOptions {
  place?: Partial<Place>;
  face?: Face;
  timing?: Timing;
  /** How OpenClaw is located and its OS services reached (OpenClaw's own service commands by default; a fake in tests). */
  openclaw?: Pick<OpenClawOptions, 'locate' | 'services'>;
  shell?: ShellAdapters;
  /** Other hosts: kept connected when `watch` is on; a test may put its own ssh runner or backoff here. */
  hosts?: Omit<HostReach, 'ephemeral'>;
}

/** The place a Manager's options name, each part defaulted from the environment. */
export function placeOf(place: Partial<Place> = {}): Place {
  const env = place.env ?? process.env;
  return { env, home: place.home ?? openclawHome(env), dataDir: place.dataDir ?? lobsterpotDataDir(env) };
}

/** The parts, built and wired. */
export interface Core {
  /** This process's own face, the author of what it does unasked and of commands that name none. */
  author: CommandAuthor;
  home: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: (message: string) => void;
  settings: SettingsStore;
  registry: ProfileRegistry;
  events: EventBus;
  openclaw: OpenClaw;
  gateways: Gateways;
  ports: PortView;
  fleet: Fleet;
  /** OpenClaw's installs and updates (openclaw-updates.ts). */
  updates: Updates;
  provisioner: Provisioner;
  /** Instances set up by environment: added, forgotten, converted (instance-commands.ts). */
  instances: InstanceCommands;
  discovery: Discovery;
  /** This process stays to supervise (the app, `serve`): it runs gateways in OpenClaw's external mode. */
  supervises: boolean;
}

/** The face a Manager's `origin` names (a test's Manager may name another: it is said as it is). */
const authorOf = (origin = 'lobsterpot'): CommandAuthor => ({ by: origin as CommandAuthor['by'], from: null });

export function compose(options: ManagerOptions, settings: SettingsStore): Core {
  const { env, home, dataDir } = placeOf(options.place);
  const face = options.face ?? {};
  const timing = options.timing ?? {};
  const clock = timing.clock ?? systemClock;
  const log = options.shell?.log ?? ((message: string) => console.error(`lobsterpot: ${message}`));
  const events = new EventBus(log);
  const author = authorOf(face.origin);
  const emit = events.emit.bind(events);
  const registry = new ProfileRegistry(home, { dataDir, env, warn: log });
  const records = new RunRecords(dataDir);
  const openclaw = new OpenClaw({
    home,
    env,
    locate: options.openclaw?.locate,
    services: options.openclaw?.services,
    handoffCache: join(dataDir, 'openclaw-handoff.json'),
  });
  // The parts refer to each other through closures, called only once every part is built.
  const runtimeDeps: RuntimeDeps = {
    host: {
      home,
      dataDir,
      env,
      origin: face.origin ?? 'lobsterpot',
      supervises: Boolean(face.watch),
      restartPolicy: timing.restartPolicy,
      readinessPolicy: timing.readinessPolicy,
    },
    clock,
    store: { settings, records, registry },
    openclaw,
    ports: {
      blockingFindings: (draft) => ports.blockingFindings(draft),
      suggestPort: (exclude) => ports.suggest(undefined, exclude),
      refreshListeners: () => ports.refresh(),
    },
    report: {
      publish: (status) => gateways.emitState(status),
      emit,
      log,
      spawned: (name) => {
        // A start or restart still on its way when the quit began spawns nothing the quit would not stop.
        if (gateways.quitting) throw new LobsterpotError('refused', 'Lobsterpot is quitting');
        gateways.started.add(name);
      },
      watchdog: (name) => fleet.watchdog.status(name),
    },
  };
  const gateways: Gateways = new Gateways({
    registry,
    settings,
    runtimeDeps,
    emit,
    published: () => fleet.gatewayChanged(),
    refreshListeners: () => ports.refresh(),
  });
  const ports: PortView = new PortView(new ListenerMonitor(home), {
    watched: () => gateways.watched(),
    listenersChanged: (name, listeners) => {
      const runtime = gateways.find(name);
      if (!runtime) return;
      runtime.observe({ listeners });
    },
    findingsChanged: (findings, listeners) => emit({ type: 'conflicts', findings, listeners }),
    basePortStart: () => settings.get().basePortStart,
  });
  const fleet: Fleet = new Fleet({ host: { env, home }, clock, store: { settings, records }, gateways, emit, log });
  const updates = new Updates({
    dataDir,
    env,
    clock,
    settings,
    records,
    environment: () => openclaw.environment(),
    gateways,
  });
  const discovery: Discovery = new Discovery({ home, registry, gateways, ports, fleet, emit }, log);
  const provisioner = new Provisioner({
    host: { home, dataDir, trashItem: options.shell?.trashItem, clock },
    store: { registry, settings, records },
    openclaw,
    profiles: {
      runtime: (name) => gateways.get(name),
      view: (runtime) => gateways.view(runtime),
      forget: (runtime) => {
        gateways.remove(runtime.name);
        emit({ type: 'profile-removed', name: runtime.name });
        ports.recheck();
      },
      refresh: () => discovery.refresh(),
    },
    ports: {
      suggest: () => ports.suggest(),
      blockingFindingsNow: (draft) => ports.blockingFindingsNow(draft),
      refresh: () => ports.refresh(),
    },
    emit,
  });
  const instances = new InstanceCommands({
    host: { home, dataDir },
    store: { registry, settings },
    openclaw,
    profiles: {
      runtime: (name) => gateways.get(name),
      view: (runtime) => gateways.view(runtime),
      start: (name) => gateways.start(name, author),
      // A rescan that starts after the change (one already on its way may have read the files before it).
      refresh: () => discovery.refreshAfter(),
    },
  });
  return {
    author,
    instances,
    home,
    dataDir,
    env,
    clock,
    log,
    settings,
    registry,
    events,
    openclaw,
    gateways,
    ports,
    fleet,
    updates,
    provisioner,
    discovery,
    supervises: Boolean(face.watch),
  };
}
