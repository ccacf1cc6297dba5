// The one table of `lobsterpot` commands, in the order help lists them. Each entry says its usage, binds its
// positionals and flags to the fields of the contract command it sends, and says how it prints (spec.ts). A new
// command is one more entry in the file of its area.
import { FLEET_ENTRIES } from './entries/fleet.ts';
import { GATEWAY_ENTRIES } from './entries/gateways.ts';
import { LOCAL_ENTRIES } from './entries/local.ts';
import { PROFILE_ENTRIES } from './entries/profiles.ts';
import { UPDATE_ENTRIES } from './entries/updates.ts';
import type { CliEntry } from './spec.ts';

const { list, status, start, stop, restart, logs, browser, open, history, doctor, handover, ack, ...gateways } =
  GATEWAY_ENTRIES;
const { ports, audit, export: exportFleet, settings, 'settings set': settingsSet, ...fleet } = FLEET_ENTRIES;
const { help, ...local } = LOCAL_ENTRIES;

export const COMMANDS: Record<string, CliEntry> = Object.fromEntries(
  Object.entries({
    list,
    status,
    start,
    stop,
    restart,
    ...PROFILE_ENTRIES,
    logs,
    browser,
    ports,
    open,
    settings,
    'settings set': settingsSet,
    audit,
    history,
    doctor,
    handover,
    ack,
    export: exportFleet,
    ...UPDATE_ENTRIES,
    ...gateways,
    ...fleet,
    ...local,
    help,
  }).filter((pair): pair is [string, CliEntry] => pair[1] !== undefined),
);

/** Contract commands no command line sends, and why: the window's own. */
export const WINDOW_ONLY: Readonly<Partial<Record<string, string>>> = {
  'profiles.cancelCreate': "cancels a create the window's dialog started",
  'gateway.resources': "the window's CPU and memory while a person looks",
  'gateway.browserControl': "the window's Start / Stop browser",
  'gateway.activeWork': "the window's look before a stop (`stop` and `restart --safe` say the work they met)",
  'mcp.get': "the window's Manage › Rescue tools (`mcp access <profile>` without flags shows the same)",
  'hosts.call': "the window's way to another host's supervisor (the CLI opens its own link with --host)",
};
