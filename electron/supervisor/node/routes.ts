// The command table: every command of the contract routed to the part that handles it, by area. Each area is given
// only the parts it uses.
import {
  LobsterpotError,
  isCommandName,
  type CommandAuthor,
  type CommandName,
  type CommandResults,
  type ParsedArgs,
} from '../../contract/contract.ts';
import { logFileOf, readLastLines } from '../../gateways/node/logs.ts';
import type { Hosts } from '../../hosts/node/hosts.ts';
import { mcpAccessOf, wireProfile, writeWiring } from '../../mcp/node/wiring.ts';
import type { Core } from './compose.ts';

/** A command's handler: its parsed arguments, and who sent it. */
type Handler<K extends CommandName> = (args: ParsedArgs<K>, author: CommandAuthor) => Promise<CommandResults[K]>;
type Routes<K extends CommandName> = { [C in K]: Handler<C> };

type GatewayCommand = Extract<CommandName, `gateway.${string}` | 'logs.tail' | 'history.get'>;

/** One gateway's life: start, stop, restart, its browser, log, dashboard, resources, doctor, hand-overs, history. */
function gatewayRoutes({ gateways, dataDir, fleet }: Pick<Core, 'gateways' | 'dataDir' | 'fleet'>) {
  const routes: Routes<GatewayCommand> = {
    'gateway.start': (a, by) => gateways.start(a.name, by),
    'gateway.stop': (a, by) => gateways.stop(a.name, a.force, by),
    'gateway.restart': (a, by) => gateways.restart(a.name, by, a.whenIdle),
    'gateway.activeWork': (a) => gateways.activeWork(a.name),
    'gateway.startAll': (_a, by) => gateways.startAll(by),
    'gateway.stopAll': (a, by) => gateways.stopAll(a.force, by),
    'gateway.restartAll': (a, by) => fleet.restartAll(a.rolling, by),
    'gateway.browserStatus': (a) => gateways.get(a.name).browserStatus(a.via),
    'gateway.browserControl': (a) => gateways.get(a.name).browserControl(a.action),
    'gateway.dashboard': async (a) => gateways.get(a.name).dashboard(),
    'gateway.resources': (a) => gateways.get(a.name).resources(),
    'gateway.doctor': async (a) => {
      const runtime = gateways.get(a.name);
      return { profile: runtime.name, run: await runtime.doctor(), status: runtime.status() };
    },
    'gateway.handOverToLobsterpot': (a) => gateways.get(a.name).handOver('lobsterpot'),
    'gateway.handOverToService': (a) => gateways.get(a.name).handOver('service'),
    'history.get': (a) => gateways.get(a.name).history(a.limit),
    'logs.tail': async (a) => {
      const runtime = gateways.get(a.name);
      const file = logFileOf(dataDir, runtime.name);
      // The tail holds the last 1000 lines once it has started (an adoption starts it without waiting): the file has
      // the rest, and the lines of a tail that is still opening.
      const held = runtime.tail?.lines(a.lines) ?? [];
      if (held.length >= a.lines) return { lines: held, file };
      const read = await readLastLines(file, a.lines);
      return { lines: read.length > held.length ? read : held, file };
    },
  };
  return routes;
}

type ProfileCommand = Extract<CommandName, `profiles.${string}` | 'ports.suggest' | `mcp.${string}`>;

/** Profiles: provisioning (provisioner.ts), their flags, and a free base port. */
function profileRoutes({
  provisioner,
  instances,
  gateways,
  settings,
  ports,
  events,
  openclaw,
  registry,
  dataDir,
}: Core) {
  const mcpAccess = (name: string) => {
    const runtime = gateways.get(name);
    const { mcpActions } = settings.flagsOf(runtime.name);
    return mcpAccessOf(runtime.name, { configPath: runtime.profile.configPath, actions: mcpActions });
  };
  const routes: Routes<ProfileCommand> = {
    'profiles.create': (a) => provisioner.create(a.name, a.port, a.preset),
    'profiles.update': (a) => provisioner.update(a),
    'profiles.clone': (a) => provisioner.clone(a.from, a.name, a.port),
    'profiles.delete': (a) => provisioner.delete(a.name, a.disposal),
    'profiles.cancelCreate': async (a) => ({ cancelled: provisioner.cancelCreate(a.name) }),
    'profiles.backup': (a) => provisioner.backup(a.name, a.output),
    'profiles.restore': (a) => provisioner.restore(a.archive, a.name, a.port),
    'profiles.setFlags': async (a) => {
      const runtime = gateways.get(a.name);
      const flags = await settings.setFlags(runtime.name, a.flags);
      events.emit({ type: 'profile-changed', profile: gateways.view(runtime) });
      return flags;
    },
    'profiles.add': (a) => instances.add(a),
    'profiles.forget': (a) => instances.forget(a.name),
    'profiles.convert': (a) => instances.convert(a),
    'ports.suggest': async (a) => ({ port: ports.suggest(a.near, a.exclude) }),
    'mcp.get': async (a) => mcpAccess(a.name),
    'mcp.set': async (a) => {
      const runtime = gateways.get(a.name);
      if (a.wired !== undefined && a.wired !== (await mcpAccess(runtime.name)).wired) {
        if (a.wired) await wireProfile(openclaw.cli(), runtime.name, dataDir);
        else await writeWiring(openclaw.cli(), runtime.name, null);
        await registry.readConfig(runtime.profile, true);
      }
      if (a.actions !== undefined) await settings.setFlags(runtime.name, { mcpActions: a.actions });
      events.emit({ type: 'profile-changed', profile: gateways.view(runtime) });
      return mcpAccess(runtime.name);
    },
  };
  return routes;
}

type HostCommand = Extract<CommandName, `hosts.${string}`>;

/** Other hosts (hosts/). */
function hostRoutes(hosts: () => Hosts) {
  const routes: Routes<HostCommand> = {
    'hosts.add': (a) => hosts().add(a),
    'hosts.remove': (a) => hosts().remove(a.name),
    'hosts.reconnect': (a) => hosts().reconnect(a.name),
    'hosts.call': async (a) => {
      if (!isCommandName(a.command) || a.command.startsWith('hosts.'))
        throw new LobsterpotError('invalid-argument', `command: unknown command ${JSON.stringify(a.command)}`);
      return { host: a.host, command: a.command, result: await hosts().call(a.host, a.command, a.args) };
    },
  };
  return routes;
}

type FleetCommand = 'audit.run' | 'watchdog.acknowledge' | 'fleet.export' | `openclaw.${string}`;

/** What concerns every profile at once: the audit, the watchdog, the export, OpenClaw's versions and updates. */
function fleetRoutes({ fleet, gateways, openclaw, home, dataDir, clock, updates }: Core) {
  const routes: Routes<Extract<CommandName, FleetCommand>> = {
    'openclaw.versions': async () => updates.versions(),
    'openclaw.install': (a) => updates.install(a.version),
    'openclaw.update': (a, by) => updates.update(a, by),
    'audit.run': () => fleet.audit(),
    'watchdog.acknowledge': async (a) => fleet.acknowledge(a.name),
    // The fleet as a Compose project or a Kustomize tree (exporter.ts), after the isolation audit.
    'fleet.export': async (a) => {
      // Loaded on first use: the exporter and its YAML writer cost an idle supervisor memory it rarely needs.
      const { exportFleet } = await import('../../fleet/node/exporter.ts');
      return exportFleet(a, {
        profiles: gateways.all().map((r) => gateways.view(r)),
        openclawVersion: openclaw.environment().openclaw?.version ?? null,
        home,
        dataDir,
        now: clock.now(),
        audit: () => fleet.audit(),
      });
    },
  };
  return routes;
}

/** Every command, routed; the snapshot, the settings and the hosts are the Manager's own. */
export function routes(
  core: Core,
  own: Routes<'state.snapshot' | 'settings.update'>,
  hosts: () => Hosts,
): Routes<CommandName> {
  return {
    ...own,
    ...gatewayRoutes(core),
    ...profileRoutes(core),
    ...hostRoutes(hosts),
    ...fleetRoutes(core),
  };
}
