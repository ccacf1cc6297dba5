// What each `lobsterpot` command does with a Core, and what it prints. Effects (the terminal, the browser, log files)
// come in through CliContext, so every command is tested with a fake Core and fake effects.
import {
  LobsterpotError,
  defaultSettings,
  type CommandArgs,
  type GatewayStatus,
  type ProfileView,
  type Settings,
} from '../contract/contract.ts';
import { browserSummaryText, summarizeBrowser } from '../gateways/common/browser-summary.ts';
import { EXIT, UsageError, isSet, nearest, textOf, textsOf, type Parsed } from './args.ts';
import type { Core } from './core.ts';
import {
  auditText,
  doctorText,
  environmentText,
  findingsText,
  historyText,
  interleave,
  logLine,
  portsTable,
  profilesTable,
  restartAllText,
  settingsText,
  statusNotes,
  statusTable,
  type LogEntry,
} from './format.ts';
import { ownerText, sizeText } from '../gateways/common/gateway-text.ts';
import { followRemote, hostCommand, remoteDashboard } from './host-commands.ts';
import { exportText } from './export-text.ts';

export interface FollowedLog {
  /** The last lines when following began. */
  lines: string[];
  stop(): Promise<void>;
}

export interface CliContext {
  core: Core;
  out(text: string): void;
  err(text: string): void;
  now(): number;
  /** stdin and stdout are a terminal: a person can answer a question. */
  isTTY: boolean;
  confirm(question: string): Promise<boolean>;
  /** Opens a URL in the default browser. */
  openUrl(url: string): Promise<void>;
  /** Follows a log file across rotations: its last `lines`, then every new line to `onLines`. */
  follow(file: string, lines: number, onLines: (lines: string[]) => void): Promise<FollowedLog>;
  /** Resolves when following should end (Ctrl-C). */
  interrupted(): Promise<void>;
}

/** A flag's number as the contract expects it; text that is not a number goes through so the contract names it. */
const numberOrText = (value: string | undefined): unknown =>
  value === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;

function onOff(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (['on', 'true', 'yes', '1'].includes(value.toLowerCase())) return true;
  if (['off', 'false', 'no', '0'].includes(value.toLowerCase())) return false;
  throw new UsageError(`flags: --${flag} takes on or off (got '${value}')`, 'flags');
}

function profileOf(profiles: ProfileView[], name: string): ProfileView {
  const profile = profiles.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!profile) throw new LobsterpotError('not-found', `no profile named '${name}'`);
  return profile;
}

async function targets(ctx: CliContext, parsed: Parsed): Promise<string[]> {
  const { command } = parsed;
  const all = isSet(parsed, 'all');
  const [name] = parsed.positionals;
  if (all && name) throw new UsageError(`${command}: give a profile name or --all, not both`, command);
  if (all || (name === undefined && command === 'status')) {
    const { profiles, gateways } = await ctx.core.snapshot();
    // `start --all` leaves out folders that are not set up: `list` and `status` show them, never as an error.
    const running = (name: string) => gateways.some((g) => g.profile === name && g.pid !== null);
    return profiles.filter((p) => command === 'status' || p.configured || running(p.name)).map((p) => p.name);
  }
  if (name === undefined) throw new UsageError(`${command} needs a profile name, or --all`, command);
  return [name];
}

type Command = (ctx: CliContext, parsed: Parsed, print: Printer) => Promise<number>;
type Printer = (value: unknown, human: () => string) => void;

const list: Command = async (ctx, _parsed, print) => {
  const { profiles, gateways, environment } = await ctx.core.snapshot();
  print(
    {
      profiles: profiles.map((p) => ({ ...p, state: gateways.find((g) => g.profile === p.name)?.state ?? 'stopped' })),
      environment,
    },
    () =>
      [profilesTable(profiles, gateways), environment.problem ? environmentText(environment) : '']
        .filter(Boolean)
        .join('\n\n'),
  );
  return EXIT.ok;
};

const status: Command = async (ctx, parsed, print) => {
  const names = await targets(ctx, parsed);
  const snapshot = await ctx.core.snapshot();
  const gateways = names.map((name) => snapshot.gateways.find((g) => g.profile.toLowerCase() === name.toLowerCase()));
  const missing = names.filter((_, i) => !gateways[i]);
  if (missing.length) throw new LobsterpotError('not-found', `no profile named '${missing[0]}'`);
  const found = gateways as GatewayStatus[];
  const findings = snapshot.findings.filter((f) => f.profiles.some((p) => names.includes(p)));
  // The audit's errors only: its warnings are for `lobsterpot audit`.
  const audit = (snapshot.audit ?? []).filter(
    (f) => f.severity === 'error' && f.profiles.some((p) => names.includes(p)),
  );
  print({ gateways: found, findings, audit, environment: snapshot.environment }, () =>
    [
      statusTable(found, ctx.now()),
      statusNotes(found, ctx.now()),
      findings.length ? findingsText(findings) : '',
      audit.length ? `Isolation (lobsterpot audit):\n${findingsText(audit)}` : '',
      environmentText(snapshot.environment),
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  return EXIT.ok;
};

/** `restart --all --rolling`: the core restarts the running gateways one at a time and reports. */
const rolling: Command = async (ctx, parsed, print) => {
  if (!isSet(parsed, 'all') || parsed.positionals.length)
    throw new UsageError('restart: --rolling goes with --all (lobsterpot restart --all --rolling)', 'restart');
  const report = await ctx.core.execute('gateway.restartAll', { rolling: true });
  print(report, () => restartAllText(report));
  return report.failed.length ? EXIT.failed : EXIT.ok;
};

const lifecycle: Command = async (ctx, parsed, print) => {
  const command = parsed.command as 'start' | 'stop' | 'restart';
  if (isSet(parsed, 'rolling')) return rolling(ctx, parsed, print);
  const names = await targets(ctx, parsed);
  const force = isSet(parsed, 'force');
  const results = await Promise.all(
    names.map(async (name) => {
      try {
        const status =
          command === 'start'
            ? await ctx.core.execute('gateway.start', { name })
            : command === 'restart'
              ? await ctx.core.execute('gateway.restart', { name })
              : await ctx.core.execute('gateway.stop', { name, force });
        const ok =
          command === 'stop' ? status.state === 'stopped' : status.state === 'ready' || status.state === 'external';
        const reason = 'reason' in status ? status.reason : status.activeWork;
        return { profile: status.profile, ok, refused: false, state: status.state, reason: reason ?? null };
      } catch (error) {
        const refused = error instanceof LobsterpotError && error.code !== 'failed';
        return { profile: name, ok: false, refused, state: null, reason: (error as Error).message };
      }
    }),
  );
  print({ results }, () =>
    results
      .map(
        (r) =>
          `${r.profile}: ${r.ok ? (r.state ?? '') : r.refused ? 'refused' : `failed${r.state ? ` (${r.state})` : ''}`}${r.reason ? ` — ${r.reason}` : ''}`,
      )
      .join('\n'),
  );
  if (results.every((r) => r.ok)) return EXIT.ok;
  return results.some((r) => !r.ok && !r.refused) ? EXIT.failed : EXIT.refused;
};

const created = (profile: ProfileView, verb: string) =>
  `${verb} ${profile.name} on port ${profile.effectivePort} (ports ${profile.footprint.block.from}-${profile.footprint.block.to}) in ${profile.stateDir}`;

const create: Command = async (ctx, parsed, print) => {
  const rescue = isSet(parsed, 'rescue');
  const [name = rescue ? 'rescue' : undefined] = parsed.positionals;
  if (name === undefined) throw new UsageError('create needs a profile name (or --rescue)', 'create');
  const port = numberOrText(textOf(parsed, 'port'));
  const profile = await ctx.core.execute('profiles.create', {
    name,
    ...(port === undefined ? {} : { port }),
    ...(rescue ? { preset: 'rescue' } : {}),
  } as CommandArgs<'profiles.create'>);
  print({ profile }, () => created(profile, 'created'));
  return EXIT.ok;
};

const clone: Command = async (ctx, parsed, print) => {
  const [from = '', name = ''] = parsed.positionals;
  const port = numberOrText(textOf(parsed, 'port'));
  const profile = await ctx.core.execute('profiles.clone', {
    from,
    name,
    ...(port === undefined ? {} : { port }),
  } as CommandArgs<'profiles.clone'>);
  print({ profile }, () => created(profile, `cloned ${from} as`));
  return EXIT.ok;
};

/** `NAME=VALUE` pairs of a repeated flag; an empty value removes the setting (null). */
function pairs(parsed: Parsed, flag: string): Map<string, string | null> {
  const found = new Map<string, string | null>();
  for (const pair of textsOf(parsed, flag)) {
    const cut = pair.indexOf('=');
    if (cut <= 0) throw new UsageError(`edit: --${flag} takes NAME=VALUE (got '${pair}')`, 'edit');
    const value = pair.slice(cut + 1);
    found.set(pair.slice(0, cut), value === '' ? null : value);
  }
  return found;
}

const edit: Command = async (ctx, parsed, print) => {
  const [name = ''] = parsed.positionals;
  const browserProfiles: Record<string, { cdpPort?: unknown; cdpUrl?: string | null }> = {};
  for (const [browser, port] of pairs(parsed, 'browser-cdp-port'))
    browserProfiles[browser] = { ...browserProfiles[browser], cdpPort: port === null ? null : numberOrText(port) };
  for (const [browser, url] of pairs(parsed, 'browser-cdp-url'))
    browserProfiles[browser] = { ...browserProfiles[browser], cdpUrl: url };
  const port = numberOrText(textOf(parsed, 'port'));
  const workspace = textOf(parsed, 'workspace');
  const cdpUrl = textOf(parsed, 'cdp-url');
  const change = {
    name,
    ...(port === undefined ? {} : { port }),
    ...(workspace === undefined ? {} : { workspace }),
    ...(cdpUrl === undefined ? {} : { pinnedCdpUrl: cdpUrl === '' ? null : cdpUrl }),
    ...(Object.keys(browserProfiles).length ? { browserProfiles } : {}),
  };
  if (Object.keys(change).length === 1)
    throw new UsageError('edit: nothing to change (see lobsterpot edit --help)', 'edit');
  const result = await ctx.core.execute('profiles.update', change as CommandArgs<'profiles.update'>);
  print(result, () =>
    [
      `updated ${result.profile.name}: port ${result.profile.effectivePort} (ports ${result.profile.footprint.block.from}-${result.profile.footprint.block.to})`,
      result.restartNeeded
        ? `${result.profile.name} still runs on its old port until restarted: lobsterpot restart ${result.profile.name}`
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return EXIT.ok;
};

const flags: Command = async (ctx, parsed, print) => {
  const [name = ''] = parsed.positionals;
  const color = textOf(parsed, 'color');
  const notes = textOf(parsed, 'notes');
  const autostart = onOff(textOf(parsed, 'autostart'), 'autostart');
  const restartOnCrash = onOff(textOf(parsed, 'restart-on-crash'), 'restart-on-crash');
  const mcpActions = onOff(textOf(parsed, 'mcp-actions'), 'mcp-actions');
  const patch = {
    ...(mcpActions === undefined ? {} : { mcpActions }),
    ...(autostart === undefined ? {} : { autostart }),
    ...(restartOnCrash === undefined ? {} : { restartOnCrash }),
    ...(color === undefined ? {} : { color: ['none', ''].includes(color) ? null : color }),
    ...(notes === undefined ? {} : { notes }),
  };
  const profile = profileOf((await ctx.core.snapshot()).profiles, name);
  const result = Object.keys(patch).length
    ? await ctx.core.execute('profiles.setFlags', { name: profile.name, flags: patch })
    : profile.flags;
  print({ profile: profile.name, flags: result }, () =>
    [
      `autostart         ${result.autostart ? 'on' : 'off'}`,
      `restart-on-crash  ${result.restartOnCrash ? 'on' : 'off'}`,
      `mcp-actions       ${result.mcpActions ? 'on' : 'off'}`,
      `color             ${result.color ?? 'none'}`,
      `notes             ${result.notes || '-'}`,
    ].join('\n'),
  );
  return EXIT.ok;
};

const remove: Command = async (ctx, parsed, print) => {
  const [name = ''] = parsed.positionals;
  if (isSet(parsed, 'backup') && isSet(parsed, 'trash'))
    throw new UsageError('delete: give --backup or --trash, not both', 'delete');
  const disposal = isSet(parsed, 'trash') ? 'trash' : 'backup';
  const profile = profileOf((await ctx.core.snapshot()).profiles, name);
  if (!isSet(parsed, 'yes')) {
    if (!ctx.isTTY)
      throw new LobsterpotError(
        'refused',
        `delete ${profile.name}: not asked on a terminal, so nothing was deleted; add --yes to confirm`,
      );
    const where = disposal === 'trash' ? 'the trash' : "Lobsterpot's backups folder";
    if (!(await ctx.confirm(`Stop ${profile.name} and move ${profile.stateDir} into ${where}? [y/N] `))) {
      print({ profile: profile.name, deleted: false }, () => 'nothing was deleted');
      return EXIT.refused;
    }
  }
  const { movedTo } = await ctx.core.execute('profiles.delete', { name: profile.name, disposal });
  print({ profile: profile.name, deleted: true, movedTo }, () => `deleted ${profile.name}: moved to ${movedTo}`);
  return EXIT.ok;
};

const logs: Command = async (ctx, parsed, print) => {
  const json = isSet(parsed, 'json');
  const text = textOf(parsed, 'lines') ?? '50';
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || count > 5000)
    throw new UsageError(`logs: -n takes a whole number from 1 to 5000 (got '${text}')`, 'logs');
  const [one] = parsed.positionals;
  const { profiles } = await ctx.core.snapshot();
  const names = one === undefined ? profiles.map((p) => p.name) : [profileOf(profiles, one).name];
  const prefixed = names.length > 1;
  const width = Math.max(0, ...names.map((n) => n.length));
  const show = (entries: LogEntry[]) => {
    for (const entry of entries) ctx.out(json ? JSON.stringify(entry) : logLine(entry, prefixed ? width : null));
  };
  const tails = await Promise.all(names.map((name) => ctx.core.execute('logs.tail', { name, lines: count })));
  if (!isSet(parsed, 'follow')) {
    const entries = interleave(names.map((profile, i) => ({ profile, lines: tails[i]?.lines ?? [] }))).slice(-count);
    if (json) print({ lines: entries }, () => '');
    else if (entries.length) show(entries);
    else ctx.err(`no log lines yet${one ? ` for ${names[0]}` : ''}`);
    return EXIT.ok;
  }
  if (ctx.core.host) return followRemote(ctx, ctx.core.host, names, tails, count, show);
  // Following reads the files themselves (the control socket is request/reply): the same files the supervisor writes.
  // The core is done with first: a Manager of this command's own, left open for hours, would hold stale run records.
  await ctx.core.close();
  const followed: FollowedLog[] = [];
  const first: { profile: string; lines: string[] }[] = [];
  try {
    for (const [i, profile] of names.entries()) {
      const file = tails[i]?.file;
      if (!file) continue;
      const log = await ctx.follow(file, count, (lines) => show(interleave([{ profile, lines }])));
      followed.push(log);
      first.push({ profile, lines: log.lines });
    }
    show(interleave(first).slice(-count));
    await ctx.interrupted();
  } finally {
    await Promise.all(followed.map((log) => log.stop()));
  }
  return EXIT.ok;
};

const browser: Command = async (ctx, parsed, print) => {
  const [name = ''] = parsed.positionals;
  const via = textOf(parsed, 'via') ?? 'ws';
  if (via !== 'ws' && via !== 'cli') throw new UsageError(`browser: --via takes ws or cli (got '${via}')`, 'browser');
  const status = await ctx.core.execute('gateway.browserStatus', { name, via });
  const error = (status as { error?: unknown }).error;
  // The footprint places the CDP port on the port map; without a snapshot the summary just leaves that out.
  const footprint = isSet(parsed, 'json')
    ? null
    : ((await ctx.core.snapshot()).profiles.find((p) => p.name === name)?.footprint ?? null);
  print(status, () => browserSummaryText(summarizeBrowser(status, { profile: name, footprint })));
  return error ? EXIT.failed : EXIT.ok;
};

const ports: Command = async (ctx, _parsed, print) => {
  const snapshot = await ctx.core.snapshot();
  const { port: suggested } = await ctx.core.execute('ports.suggest', {});
  const footprints = snapshot.profiles.map((p) => ({
    profile: p.name,
    base: p.footprint.base,
    source: p.footprint.source,
    block: p.footprint.block,
    spans: p.footprint.spans.map((span) => ({
      ...span,
      listeners: snapshot.listeners.filter((l) => l.port >= span.from && l.port <= span.to),
    })),
  }));
  const ephemeral = snapshot.ephemeralRange ?? null;
  print({ footprints, findings: snapshot.findings, suggested, ephemeral }, () =>
    [
      portsTable(footprints),
      snapshot.findings.length ? findingsText(snapshot.findings) : 'No findings.',
      [
        suggested === null ? 'No free base port is left.' : `Suggested base port for a new profile: ${suggested}`,
        ephemeral ? `The OS's ephemeral ports (taken by outgoing connections): ${ephemeral.from}-${ephemeral.to}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    ].join('\n\n'),
  );
  return EXIT.ok;
};

/** OpenClaw's Control UI is served on the gateway's base port. */
export const dashboardUrl = (port: number) => `http://127.0.0.1:${port}/`;

const open: Command = async (ctx, parsed, print) => {
  const [name = ''] = parsed.positionals;
  const snapshot = await ctx.core.snapshot();
  const profile = profileOf(snapshot.profiles, name);
  const gateway = snapshot.gateways.find((g) => g.profile === profile.name);
  // A running gateway answers on the port it started with (a saved change applies at the next start).
  const port = gateway?.pid != null ? gateway.port : profile.effectivePort;
  if (ctx.core.host) throw remoteDashboard(ctx.core.host, profile.name, port);
  const url = dashboardUrl(port);
  if (gateway?.pid == null) ctx.err(`${profile.name} is not running: start it with lobsterpot start ${profile.name}`);
  const printOnly = isSet(parsed, 'print');
  if (!printOnly) await ctx.openUrl(url);
  print({ profile: profile.name, url, opened: !printOnly }, () => (printOnly ? url : `opened ${url}`));
  return EXIT.ok;
};

const audit: Command = async (ctx, _parsed, print) => {
  const report = await ctx.core.execute('audit.run', {});
  print(report, () => auditText(report));
  return report.hasErrors ? EXIT.refused : EXIT.ok;
};

const history: Command = async (ctx, parsed, print) => {
  const [name = ''] = parsed.positionals;
  const text = textOf(parsed, 'lines') ?? '50';
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1000)
    throw new UsageError(`history: -n takes a whole number from 1 to 1000 (got '${text}')`, 'history');
  const report = await ctx.core.execute('history.get', { name, limit: Number(text) });
  print(report, () => historyText(report, ctx.now()));
  return EXIT.ok;
};

const doctor: Command = async (ctx, parsed, print) => {
  const [name = ''] = parsed.positionals;
  const report = await ctx.core.execute('gateway.doctor', { name });
  print(report, () => doctorText(report));
  return report.status.state === 'ready' || report.status.state === 'degraded' ? EXIT.ok : EXIT.failed;
};

const backup = async (ctx: CliContext, parsed: Parsed, print: Printer, resolvePath: (path: string) => string) => {
  const [name = ''] = parsed.positionals;
  const output = textOf(parsed, 'output');
  const result = await ctx.core.execute('profiles.backup', {
    name,
    ...(output === undefined ? {} : { output: resolvePath(output) }),
  });
  print(
    result,
    () =>
      `backed up ${result.profile} to ${result.archive} (${sizeText(result.bytes)}, ${result.method === 'openclaw' ? "OpenClaw's backup" : 'config and state without caches'})`,
  );
  return EXIT.ok;
};

const restore = async (ctx: CliContext, parsed: Parsed, print: Printer, resolvePath: (path: string) => string) => {
  const [archive = '', name = ''] = parsed.positionals;
  const port = numberOrText(textOf(parsed, 'port'));
  const profile = await ctx.core.execute('profiles.restore', {
    archive: resolvePath(archive),
    name,
    ...(port === undefined ? {} : { port }),
  } as CommandArgs<'profiles.restore'>);
  print({ profile }, () => created(profile, 'restored'));
  return EXIT.ok;
};

const handover: Command = async (ctx, parsed, print) => {
  const [name = ''] = parsed.positionals;
  const to = textOf(parsed, 'to');
  if (to !== 'lobsterpot' && to !== 'service')
    throw new UsageError(
      `handover: --to takes lobsterpot or service${to === undefined ? '' : ` (got '${to}')`}`,
      'handover',
    );
  const gateway = await ctx.core.execute(
    to === 'lobsterpot' ? 'gateway.handOverToLobsterpot' : 'gateway.handOverToService',
    { name },
  );
  print({ gateway }, () => `${gateway.profile}: ${gateway.state}, run by ${ownerText(gateway)}`);
  return EXIT.ok;
};

const ack: Command = async (ctx, parsed, print) => {
  const [name = ''] = parsed.positionals;
  const result = await ctx.core.execute('watchdog.acknowledge', { name });
  print(result, () =>
    result.acknowledged
      ? `${result.profile}: the watchdog's alert is acknowledged; it stays quiet until the gateway is ready again`
      : `${result.profile}: no watchdog alert to acknowledge`,
  );
  return EXIT.ok;
};

/** `export <compose|kubernetes> [profiles…]`: into ./openclaw-compose or ./openclaw-kustomize unless --output says. */
const exportFleet = async (ctx: CliContext, parsed: Parsed, print: Printer, resolvePath: (path: string) => string) => {
  const [format = '', ...profiles] = parsed.positionals;
  if (format !== 'compose' && format !== 'kubernetes')
    throw new UsageError(`export: the format is compose or kubernetes (got '${format}')`, 'export');
  const output = textOf(parsed, 'output') ?? (format === 'compose' ? 'openclaw-compose' : 'openclaw-kustomize');
  const force = isSet(parsed, 'force');
  const result = await ctx.core.execute('fleet.export', { format, profiles, output: resolvePath(output), force });
  print(result, () => exportText(result));
  return EXIT.ok;
};

const SETTING_KEYS = Object.keys(defaultSettings()).filter((key) => key !== 'profiles') as (keyof Settings)[];

/** A setting's text as the contract expects it, by the type of its default. */
function settingValue(key: keyof Settings, text: string, resolvePath: (path: string) => string): unknown {
  const kind = defaultSettings()[key];
  if (kind === null) return ['', 'none', 'null'].includes(text) ? null : resolvePath(text);
  if (typeof kind === 'number') return numberOrText(text);
  if (typeof kind === 'boolean')
    return ['on', 'true', 'yes'].includes(text) ? true : ['off', 'false', 'no'].includes(text) ? false : text;
  return text;
}

const settings = async (
  ctx: CliContext,
  parsed: Parsed,
  print: Printer,
  resolvePath: (path: string) => string,
): Promise<number> => {
  const [verb, key, value] = parsed.positionals;
  if (verb === undefined) {
    const snapshot = await ctx.core.snapshot();
    print({ settings: snapshot.settings, environment: snapshot.environment }, () =>
      [settingsText(snapshot.settings), environmentText(snapshot.environment)].filter(Boolean).join('\n\n'),
    );
    return EXIT.ok;
  }
  if (verb !== 'set' || key === undefined || value === undefined)
    throw new UsageError('settings: usage: lobsterpot settings [set <key> <value>]', 'settings');
  if (!SETTING_KEYS.includes(key as keyof Settings)) {
    const guess = nearest(key, SETTING_KEYS);
    throw new UsageError(
      `settings: unknown key '${key}'${guess ? `; did you mean ${guess}?` : ''} (keys: ${SETTING_KEYS.join(', ')})`,
      'settings',
    );
  }
  const updated = await ctx.core.execute('settings.update', {
    [key]: settingValue(key as keyof Settings, value, resolvePath),
  } as CommandArgs<'settings.update'>);
  const { environment } = await ctx.core.snapshot();
  print({ settings: updated, environment }, () =>
    [`${key} = ${JSON.stringify(updated[key as keyof Settings])}`, environmentText(environment)].join('\n'),
  );
  return EXIT.ok;
};

export async function dispatch(
  ctx: CliContext,
  parsed: Parsed,
  resolvePath: (path: string) => string = (path) => path,
): Promise<number> {
  const json = isSet(parsed, 'json');
  const print: Printer = (value, human) => ctx.out(json ? JSON.stringify(value, null, 2) : human());
  const commands: Record<string, Command> = {
    list,
    status,
    start: lifecycle,
    stop: lifecycle,
    restart: lifecycle,
    create,
    clone,
    edit,
    flags,
    delete: remove,
    logs,
    browser,
    ports,
    open,
    settings: (c, p, pr) => settings(c, p, pr, resolvePath),
    audit,
    history,
    doctor,
    backup: (c, p, pr) => backup(c, p, pr, resolvePath),
    restore: (c, p, pr) => restore(c, p, pr, resolvePath),
    handover,
    ack,
    host: (c, p, pr) => hostCommand(c, p, pr, resolvePath),
    export: (c, p, pr) => exportFleet(c, p, pr, resolvePath),
  };
  const command = commands[parsed.command];
  if (!command) throw new UsageError(`unknown command '${parsed.command}'`);
  return command(ctx, parsed, print);
}
