// Table entries about this host and the command line itself: serve, which supervisor runs, other hosts, OpenClaw
// run as Lobsterpot located it, and help. Their heavy parts are imported when they run.
import { hostsText, stateText } from '../host-text.ts';
import { EXIT, UsageError, entry, type CliContext, type CliEntry } from '../spec.ts';

interface SupervisorRunning {
  pid: number;
  kind: 'serve' | 'app';
  url: string | null;
  since: number;
}

function supervisorText(running: SupervisorRunning | null): string {
  if (!running) return 'No Lobsterpot supervisor runs on this host (start the app or `lobsterpot serve`).';
  const who = running.kind === 'app' ? 'the app' : 'lobsterpot serve';
  return `${who} supervises this host (pid ${running.pid}, since ${new Date(running.since).toISOString()})${running.url ? `\nOpen:\n\n  ${running.url}\n` : ''}`;
}

const dataDirOf = async (ctx: CliContext) => (await import('../../platform/node/paths.ts')).lobsterpotDataDir(ctx.env);

/** `serve --port`'s text as the field rule takes it, or its refusal in the rule's words (no contract command has it). */
async function servePort(given: unknown): Promise<number | undefined> {
  if (typeof given !== 'string') return undefined;
  const [{ checkWith, LobsterpotError }, { listenPortSchema }, { fieldValue }] = await Promise.all([
    import('../../contract/contract.ts'),
    import('../../contract/fields.ts'),
    import('../bind.ts'),
  ]);
  const checked = checkWith(listenPortSchema, fieldValue(given, 'number', false));
  if (checked.ok) return checked.value;
  throw new LobsterpotError('invalid-argument', `serve: --port: ${checked.parts.map((part) => part.text).join('; ')}`);
}

export const LOCAL_ENTRIES: Record<string, CliEntry> = {
  serve: entry({
    usage: '[--port N] [--detach]',
    summary: 'the manager window over loopback HTTP with a token, for a headless host',
    details: [
      'With --detach: starts serve in the background when no supervisor runs here, waits until it listens, prints',
      'where it is and returns (what another host asks for when it adds this one; the log is logs/serve.log).',
    ],
    positionals: [],
    flags: {
      port: {
        type: 'string',
        value: 'N',
        help: 'the HTTP port (default: a free one outside the ephemeral range)',
        local: "serve's own port, no contract field",
      },
      detach: { type: 'boolean', help: 'run in the background; print its pid and URL', local: 'how serve runs' },
    },
    sends: [],
    localOnly: true,
    coreless: true,
    run: async (ctx, request) => {
      const portValue = await servePort(request.values.port);
      if (request.values.detach === true) {
        const { detachServe } = await import('../../serve/detach.ts');
        return detachServe({
          port: portValue,
          json: request.json,
          out: ctx.terminal.out,
          err: ctx.terminal.err,
          env: ctx.env,
        });
      }
      const { serve } = await import('../../serve/serve.ts');
      return serve({ port: portValue });
    },
  }),
  supervisor: entry({
    usage: '',
    summary: 'which Lobsterpot supervises this host (the app or serve), its pid and window URL',
    positionals: [],
    flags: {},
    sends: [],
    localOnly: true,
    coreless: true,
    run: async (ctx) => {
      const { supervisorReport } = await import('../../serve/detach.ts');
      const report = await supervisorReport(await dataDirOf(ctx));
      ctx.terminal.print(report, () => supervisorText(report.running));
      return EXIT.ok;
    },
  }),
  'host list': entry({
    usage: '',
    summary: 'other hosts, reached over ssh, and how each link goes',
    details: ['Then `lobsterpot --host NAME <command>` runs any command there, through that host’s own supervisor.'],
    positionals: [],
    flags: {},
    sends: ['state.snapshot'],
    localOnly: true,
    run: async (ctx) => {
      const hosts = (await ctx.core.snapshot()).hosts ?? [];
      ctx.terminal.print({ hosts }, () => hostsText(hosts, ctx.machine.now()));
      return EXIT.ok;
    },
  }),
  'host add': entry({
    usage: '<name> <destination> [--ssh-config FILE] [--command CMD]',
    summary: 'a host to reach over ssh',
    details: [
      'DESTINATION is what ssh takes (user@host, an alias from your ssh config); keys and options come from your ssh',
      'config and agent, never a password prompt. Lobsterpot asks there which supervisor runs, starts `lobsterpot serve`',
      'when none does (and says so), and reaches it through `ssh -N -L` on a loopback port; its token stays in memory.',
    ],
    positionals: [
      { name: 'name', field: 'name' },
      { name: 'destination', field: 'destination' },
    ],
    flags: {
      'ssh-config': { type: 'string', value: 'FILE', help: 'an ssh config file to use (ssh -F)', field: 'sshConfig' },
      command: {
        type: 'string',
        value: 'CMD',
        help: 'how to run Lobsterpot there (default: lobsterpot)',
        field: 'command',
      },
    },
    sends: ['hosts.add'],
    localOnly: true,
    text: (host) =>
      [
        `added ${host.name} (${host.destination}).`,
        host.state === 'lost' && !host.retryAt
          ? `The app or \`lobsterpot serve\` keeps it connected; \`lobsterpot --host ${host.name} status\` reaches it now.`
          : `Connecting: \`lobsterpot host list\` shows how it goes.`,
      ].join('\n'),
    json: true,
  }),
  'host remove': entry({
    usage: '<name>',
    summary: 'forget a host (its gateways keep running there)',
    positionals: [{ name: 'name', field: 'name' }],
    flags: {},
    sends: ['hosts.remove'],
    localOnly: true,
    text: (_result, _ctx, request) => `removed host ${String(request.args.name)} (its gateways keep running there)`,
  }),
  'host reconnect': entry({
    usage: '<name>',
    summary: 'try the link to a host again now',
    positionals: [{ name: 'name', field: 'name' }],
    flags: {},
    sends: ['hosts.reconnect'],
    localOnly: true,
    text: (host, ctx) => `${host.name}: ${stateText(host, ctx.machine.now())}`,
    exit: (host) => (host.state === 'connected' ? EXIT.ok : EXIT.failed),
  }),
  openclaw: entry({
    usage: '<args…>',
    summary: 'OpenClaw as Lobsterpot located it, with the Node it needs (`lobsterpot openclaw --profile NAME …`)',
    details: [
      'Every argument goes to OpenClaw as it is; its output and exit code are this command’s. It works where `openclaw`',
      'is not on PATH or the machine’s Node is too old for it, e.g. `lobsterpot openclaw --profile rescue browser status`.',
    ],
    positionals: [{ name: 'args', optional: true, many: true, local: "OpenClaw's own arguments" }],
    flags: {},
    sends: [],
    passThrough: true,
    localOnly: true,
    coreless: true,
    run: async (ctx, request) => {
      const { openclawCommand, locatedEnvironment, runOpenClaw } = await import('../openclaw.ts');
      const environment = await locatedEnvironment(await dataDirOf(ctx), ctx.env);
      return runOpenClaw(openclawCommand(environment, request.positionals), ctx.env);
    },
  }),
  mcp: entry({
    usage: '[--profile NAME]',
    summary: 'the fleet as MCP tools over stdio, for an agent (the rescue bot has it in its mcp.servers)',
    details: [
      'Tools: list_profiles, gateway_status, gateway_log, gateway_history, browser_status, isolation_audit (always), and',
      'start_gateway, stop_gateway, restart_gateway: only with --profile, only when that profile has MCP actions on',
      '(`lobsterpot flags NAME --mcp-actions on`), never on NAME itself. Actions are recorded as `mcp (NAME)`.',
    ],
    positionals: [],
    flags: {
      profile: {
        type: 'string',
        value: 'NAME',
        help: 'the profile whose agent runs this server',
        local: 'who the server acts for; checked on each action',
      },
    },
    json: false,
    sends: [],
    localOnly: true,
    coreless: true,
    run: async (ctx, request) => {
      const self = typeof request.values.profile === 'string' ? request.values.profile : null;
      const { nameSyntaxError } = await import('../../profiles/common/names.ts');
      const why = self === null ? null : nameSyntaxError(self);
      if (why) throw new UsageError(`--profile ${why}`, 'mcp');
      const { serveMcp } = await import('../../mcp/node/server.ts');
      const { VERSION } = await import('../main.ts');
      // stdout carries the protocol: every word for a person goes to stderr.
      await serveMcp({ env: ctx.env, self, version: VERSION, log: ctx.terminal.err });
      return EXIT.ok;
    },
  }),
  'mcp access': entry({
    usage: '<profile> [--wired on|off] [--actions on|off]',
    summary: "whether a profile's agents have `lobsterpot mcp` (in its mcp.servers) and may act on the others",
    details: [
      'The entry is written through OpenClaw’s own config writer; without a flag it prints what is set.',
      'The Rescue bot preset (`lobsterpot create --rescue`) turns both on.',
    ],
    positionals: [{ name: 'profile', field: 'name' }],
    flags: {
      wired: { type: 'string', value: 'on|off', help: 'the entry in its mcp.servers', field: 'wired' },
      actions: {
        type: 'string',
        value: 'on|off',
        help: 'start, stop and restart the other profiles',
        field: 'actions',
      },
    },
    sends: ['mcp.set'],
    text: (access) =>
      [
        `${access.profile}: lobsterpot mcp ${access.wired ? `wired (${access.command ?? ''})` : 'not wired'}`,
        `actions on the other profiles: ${access.actions ? 'on' : 'off'}`,
      ].join('\n'),
    json: true,
  }),
  help: entry({
    usage: '[command]',
    summary: "this text, or a command's",
    positionals: [{ name: 'command', optional: true, local: 'the command to tell about' }],
    flags: {},
    json: false,
    sends: [],
    localOnly: true,
    coreless: true,
  }),
};
