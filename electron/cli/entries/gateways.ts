// Table entries about gateways: what runs, starting and stopping it, its log, browser, dashboard, history and alerts.
import { LobsterpotError } from '../../contract/errors.ts';
import { STATES } from '../../contract/states.ts';
import { IDLE_WAIT_DEFAULT_S, IDLE_WAIT_MAX_S } from '../../gateways/common/drain.ts';
import type { GatewayStatus, RestartOutcome, StopOutcome } from '../../contract/contract.ts';
import { browserSummaryText, summarizeBrowser } from '../../gateways/common/browser-summary.ts';
import { ownerText, restartNote } from '../../gateways/common/gateway-text.ts';
import { controlUiUrl } from '../../openclaw/common/control-ui.ts';
import {
  doctorText,
  environmentText,
  findingsText,
  historyText,
  interleave,
  logLine,
  profilesTable,
  restartAllText,
  statusNotes,
  statusTable,
  type LogEntry,
} from '../format.ts';
import { EXIT, entry, type CliContext, type CliEntry, type FlagSpec, type Machine, type Request } from '../spec.ts';

const profile = { name: 'profile', field: 'name' } as const;
const all = (selects: FlagSpec['selects'], help: string): FlagSpec => ({ type: 'boolean', help, selects });

/** The profile named `name` (any case) in the snapshot, or `not-found`. */
export async function profileNamed(ctx: CliContext, name: string) {
  const { profiles } = await ctx.core.snapshot();
  const found = profiles.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new LobsterpotError('not-found', `no profile named '${name}'`);
  return found;
}

type Outcome = { profile: string; ok: boolean; refused: boolean; state: string | null; reason: string | null };
const started = (g: GatewayStatus): Outcome => ({
  profile: g.profile,
  ok: STATES[g.state].healthy,
  refused: false,
  state: g.state,
  reason: g.reason,
});
const stopped = (s: StopOutcome): Outcome => ({
  profile: s.profile,
  ok: s.state === 'stopped',
  refused: false,
  state: s.state,
  reason: s.activeWork,
});

const restarted = (r: RestartOutcome): Outcome => ({
  ...started(r),
  reason: [r.reason, restartNote(r)].filter(Boolean).join('; ') || null,
});

/** One profile's start, stop or restart as an outcome: a refusal or failure is that profile's, said in its row. */
async function one(ctx: CliContext, request: Request): Promise<Outcome[]> {
  const { command, args } = request;
  const name = String((args as { name?: unknown }).name);
  try {
    if (command === 'gateway.stop') return [stopped(await ctx.core.execute('gateway.stop', args as never))];
    if (command === 'gateway.restart') return [restarted(await ctx.core.execute('gateway.restart', args as never))];
    return [started(await ctx.core.execute('gateway.start', { name }))];
  } catch (error) {
    const refused = error instanceof LobsterpotError && error.code !== 'failed';
    return [{ profile: name, ok: false, refused, state: null, reason: (error as Error).message }];
  }
}

/** start, stop, restart: one profile, or `--all` through the fleet's own commands (what the window's buttons send). */
async function lifecycle(ctx: CliContext, request: Request): Promise<number> {
  if (request.command === 'gateway.restartAll') {
    const report = await ctx.core.execute('gateway.restartAll', request.args as { rolling: boolean });
    ctx.terminal.print(report, () => restartAllText(report));
    return report.failed.length ? EXIT.failed : EXIT.ok;
  }
  const results =
    request.command === 'gateway.startAll'
      ? (await ctx.core.execute('gateway.startAll', {})).map(started)
      : request.command === 'gateway.stopAll'
        ? (await ctx.core.execute('gateway.stopAll', request.args as { force: boolean })).map(stopped)
        : await one(ctx, request);
  ctx.terminal.print({ results }, () =>
    results.length
      ? results
          .map(
            (r) =>
              `${r.profile}: ${r.ok ? (r.state ?? '') : r.refused ? 'refused' : `failed${r.state ? ` (${r.state})` : ''}`}${r.reason ? ` — ${r.reason}` : ''}`,
          )
          .join('\n')
      : 'No gateway was running: nothing to stop.',
  );
  if (results.every((r) => r.ok)) return EXIT.ok;
  return results.some((r) => !r.ok && !r.refused) ? EXIT.failed : EXIT.refused;
}

async function status(ctx: CliContext, request: Request): Promise<number> {
  const [name] = request.positionals;
  const snapshot = await ctx.core.snapshot();
  const names = name === undefined ? snapshot.profiles.map((p) => p.name) : [(await profileNamed(ctx, name)).name];
  const found = names.flatMap((n) => snapshot.gateways.filter((g) => g.profile === n));
  const findings = snapshot.findings.filter((f) => f.profiles.some((p) => names.includes(p)));
  // The audit's errors only: its warnings are for `lobsterpot audit`.
  const audit = (snapshot.audit ?? []).filter(
    (f) => f.severity === 'error' && f.profiles.some((p) => names.includes(p)),
  );
  const skew = snapshot.skew ?? null;
  ctx.terminal.print({ gateways: found, findings, audit, skew, environment: snapshot.environment }, () =>
    [
      statusTable(found, ctx.machine.now(), snapshot.profiles),
      statusNotes(found, ctx.machine.now()),
      findings.length ? findingsText(findings) : '',
      audit.length ? `Isolation (lobsterpot audit):\n${findingsText(audit)}` : '',
      skew ? `Versions: ${skew.message}` : '',
      environmentText(snapshot.environment),
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  return EXIT.ok;
}

async function logs(ctx: CliContext, request: Request): Promise<number> {
  const { json } = request;
  const count = Number((request.args as { lines: number }).lines);
  const [one] = request.positionals;
  const { profiles } = await ctx.core.snapshot();
  const names = one === undefined ? profiles.map((p) => p.name) : [(await profileNamed(ctx, one)).name];
  const prefixed = names.length > 1;
  const width = Math.max(0, ...names.map((n) => n.length));
  const show = (entries: LogEntry[]) => {
    for (const entry of entries)
      ctx.terminal.out(json ? JSON.stringify(entry) : logLine(entry, prefixed ? width : null));
  };
  const tails = await Promise.all(names.map((name) => ctx.core.execute('logs.tail', { name, lines: count })));
  if (request.values.follow !== true) {
    const entries = interleave(names.map((profile, i) => ({ profile, lines: tails[i]?.lines ?? [] }))).slice(-count);
    if (json) ctx.terminal.print({ lines: entries }, () => '');
    else if (entries.length) show(entries);
    else ctx.terminal.err(`no log lines yet${one ? ` for ${names[0]}` : ''}`);
    return EXIT.ok;
  }
  if (ctx.core.host) {
    const { followRemote } = await import('../host-commands.ts');
    return followRemote(ctx, ctx.core.host, names, tails, count, show);
  }
  // Following reads the files themselves (the control socket is request/reply): the same files the supervisor writes.
  // The core is done with first: a Manager of this command's own, left open for hours, would hold stale run records.
  await ctx.core.close();
  const followed: Awaited<ReturnType<Machine['follow']>>[] = [];
  const first: { profile: string; lines: string[] }[] = [];
  try {
    for (const [i, profile] of names.entries()) {
      const file = tails[i]?.file;
      if (!file) continue;
      const log = await ctx.machine.follow(file, count, (lines) => show(interleave([{ profile, lines }])));
      followed.push(log);
      first.push({ profile, lines: log.lines });
    }
    show(interleave(first).slice(-count));
    await ctx.machine.interrupted();
  } finally {
    await Promise.all(followed.map((log) => log.stop()));
  }
  return EXIT.ok;
}

async function browser(ctx: CliContext, request: Request<'gateway.browserStatus'>): Promise<number> {
  const name = String(request.args.name);
  const status = await ctx.core.execute('gateway.browserStatus', request.args);
  const error = (status as { error?: unknown }).error;
  // The footprint places the CDP port on the port map; without a snapshot the summary just leaves that out.
  const footprint = request.json
    ? null
    : ((await ctx.core.snapshot()).profiles.find((p) => p.name === name)?.footprint ?? null);
  ctx.terminal.print(status, () => browserSummaryText(summarizeBrowser(status, { profile: name, footprint })));
  return error ? EXIT.failed : EXIT.ok;
}

async function open(ctx: CliContext, request: Request): Promise<number> {
  const [name = ''] = request.positionals;
  const snapshot = await ctx.core.snapshot();
  const profile = await profileNamed(ctx, name);
  const gateway = snapshot.gateways.find((g) => g.profile === profile.name);
  // A running gateway answers on the port it started with (a saved change applies at the next start).
  const port = gateway?.pid != null ? gateway.port : profile.effectivePort;
  if (ctx.core.host) {
    const { remoteDashboard } = await import('../host-commands.ts');
    throw remoteDashboard(ctx.core.host, profile.name, port);
  }
  if (gateway?.pid == null)
    ctx.terminal.err(`${profile.name} is not running: start it with lobsterpot start ${profile.name}`);
  // The core's one dashboard URL (OpenClaw's one-time pairing where it has one); a stopped gateway has only its address.
  const access = gateway?.pid != null ? await ctx.core.execute('gateway.dashboard', { name: profile.name }) : null;
  const url = access?.url ?? controlUiUrl(port);
  const openUrl = access?.openUrl ?? url;
  const printOnly = request.values.print === true;
  if (!printOnly) await ctx.machine.openUrl(openUrl);
  ctx.terminal.print({ profile: profile.name, url, opened: !printOnly, ...(printOnly ? { openUrl } : {}) }, () =>
    printOnly ? openUrl : `opened ${url}`,
  );
  return EXIT.ok;
}

export const GATEWAY_ENTRIES: Record<string, CliEntry> = {
  list: entry({
    usage: '',
    summary: 'the OpenClaw profiles on this host, their state and ports',
    positionals: [],
    flags: {},
    sends: ['state.snapshot'],
    run: async (ctx) => {
      const { profiles, gateways, environment } = await ctx.core.snapshot();
      ctx.terminal.print(
        {
          profiles: profiles.map((p) => ({
            ...p,
            state: gateways.find((g) => g.profile === p.name)?.state ?? 'stopped',
          })),
          environment,
        },
        () =>
          [profilesTable(profiles, gateways), environment.problem ? environmentText(environment) : '']
            .filter(Boolean)
            .join('\n\n'),
      );
      return EXIT.ok;
    },
  }),
  status: entry({
    usage: '[profile|--all]',
    summary: 'state of each gateway (pid, owner, uptime, restarts), findings, the OpenClaw used',
    positionals: [{ name: 'profile', optional: true, local: 'picks one gateway from the snapshot' }],
    flags: { all: { type: 'boolean', help: 'every profile (the default)', local: 'the default anyway' } },
    sends: ['state.snapshot'],
    run: status,
  }),
  start: entry({
    usage: '<profile|--all>',
    summary: 'start and wait until ready; the gateway keeps running after lobsterpot exits',
    positionals: [profile],
    flags: { all: all('gateway.startAll', 'every profile that is set up (what the window’s Start all does)') },
    sends: ['gateway.start', 'gateway.startAll'],
    run: lifecycle,
  }),
  stop: entry({
    usage: '<profile|--all> [--force]',
    summary: 'SIGTERM, the grace period, then the process group is killed',
    positionals: [profile],
    flags: {
      all: all('gateway.stopAll', 'every running gateway (what the window’s Stop all does)'),
      force: { type: 'boolean', help: 'skip the grace period', field: 'force' },
    },
    sends: ['gateway.stop', 'gateway.stopAll'],
    run: lifecycle,
  }),
  restart: entry({
    usage: '<profile|--all> [--at-once] [--safe [--wait <seconds>]]',
    summary: 'stop, then start (one job: nothing else runs on the profile in between)',
    details: [
      'With --safe: first wait until the gateway reports no active work (OpenClaw’s restart preflight), then restart;',
      `at most ${IDLE_WAIT_DEFAULT_S} s, or --wait <seconds> (1–${IDLE_WAIT_MAX_S}). Still busy then: not restarted, it`,
      'keeps running, and the refusal names the work (exit 3). A stop meanwhile cancels the wait.',
      'With --all: the running gateways, one at a time, each back to ready before the next, stopping at the first that',
      'fails (what the window’s Restart all does); those that are stopped stay stopped. The report says which restarted,',
      'which failed and why, which were not tried (exit 1 if any failed). --at-once restarts them all together.',
    ],
    positionals: [profile],
    flags: {
      all: all('gateway.restartAll', 'every running gateway (what the window’s Restart all does)'),
      'at-once': {
        type: 'boolean',
        help: 'with --all: all together instead of one at a time',
        field: 'rolling',
        sets: false,
      },
      rolling: {
        type: 'boolean',
        help: 'with --all: one gateway at a time, each ready before the next (the default)',
        field: 'rolling',
        sets: true,
      },
      safe: { type: 'boolean', help: 'wait until it has no active work first', field: 'whenIdle', sets: {} },
      wait: {
        type: 'string',
        value: 'SECONDS',
        help: 'how long --safe waits at most (--wait alone implies --safe)',
        field: 'whenIdle.waitSeconds',
      },
    },
    sends: ['gateway.restart', 'gateway.restartAll'],
    run: lifecycle,
  }),
  logs: entry({
    usage: '[profile] [-f] [-n N]',
    summary: "a gateway's log, or every gateway's interleaved by time",
    details: [
      'With -f it keeps printing new lines (across rotations) until Ctrl-C; with --json, one JSON object a line.',
    ],
    positionals: [{ name: 'profile', field: 'name', optional: true }],
    flags: {
      follow: { type: 'boolean', short: 'f', help: 'keep following', local: 'reads the files as they grow' },
      lines: {
        type: 'string',
        short: 'n',
        value: 'N',
        help: 'how many lines to show first',
        default: '50',
        field: 'lines',
      },
    },
    sends: ['logs.tail'],
    run: logs,
  }),
  browser: entry({
    usage: '<profile> [--via ws|cli]',
    summary: "the gateway's browser status (OpenClaw's `browser status`)",
    positionals: [profile],
    flags: {
      via: {
        type: 'string',
        value: 'ws|cli',
        help: "over the gateway's WebSocket (default) or OpenClaw's CLI",
        field: 'via',
      },
    },
    sends: ['gateway.browserStatus'],
    run: browser,
  }),
  open: entry({
    usage: '<profile> [--print]',
    summary: "the gateway's dashboard (OpenClaw's Control UI) in the default browser",
    positionals: [{ name: 'profile', local: 'looked up in the snapshot' }],
    flags: { print: { type: 'boolean', help: 'print the URL instead', local: 'opens nothing' } },
    sends: ['state.snapshot', 'gateway.dashboard'],
    run: open,
  }),
  history: entry({
    usage: '<profile> [-n N]',
    summary: "a gateway's state changes and their causes, uptime over 24 h and 7 days, outages",
    positionals: [profile],
    flags: {
      lines: {
        type: 'string',
        short: 'n',
        value: 'N',
        help: 'how many changes to show',
        default: '50',
        field: 'limit',
      },
    },
    sends: ['history.get'],
    text: (report, ctx) => historyText(report, ctx.machine.now()),
  }),
  doctor: entry({
    usage: '<profile>',
    summary: "after exit 78 (config error): OpenClaw's own doctor --fix once, then one start",
    details: ['It runs once per episode: until the gateway has been up again, a second run is refused (exit 3).'],
    positionals: [profile],
    flags: {},
    sends: ['gateway.doctor'],
    text: (report) => doctorText(report),
    exit: (report) => (STATES[report.status.state].applies ? EXIT.ok : EXIT.failed),
  }),
  handover: entry({
    usage: '<profile> --to lobsterpot|service',
    summary: 'hand a gateway to Lobsterpot (its OS service removed) or to an OS service',
    positionals: [profile],
    flags: {
      to: {
        type: 'string',
        value: 'lobsterpot|service',
        help: 'who runs the gateway from now on',
        choose: { lobsterpot: 'gateway.handOverToLobsterpot', service: 'gateway.handOverToService' },
      },
    },
    sends: ['gateway.handOverToLobsterpot', 'gateway.handOverToService'],
    run: async (ctx, request) => {
      const gateway = await ctx.core.execute(request.command, request.args);
      ctx.terminal.print({ gateway }, () => `${gateway.profile}: ${gateway.state}, run by ${ownerText(gateway)}`);
      return EXIT.ok;
    },
  }),
  ack: entry({
    usage: '<profile>',
    summary: "acknowledge the watchdog's alert: quiet until the gateway is ready again",
    positionals: [profile],
    flags: {},
    sends: ['watchdog.acknowledge'],
    text: (result) =>
      result.acknowledged
        ? `${result.profile}: the watchdog's alert is acknowledged; it stays quiet until the gateway is ready again`
        : `${result.profile}: no watchdog alert to acknowledge`,
  }),
};
