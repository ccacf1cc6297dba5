// Table entries about the whole fleet of this host: the port map, the isolation audit, exports and the settings.
import { auditText, environmentText, findingsText, portsTable, settingsText } from '../format.ts';
import { exportText } from '../export-text.ts';
import { EXIT, entry, type CliEntry } from '../spec.ts';

export const FLEET_ENTRIES: Record<string, CliEntry> = {
  ports: entry({
    usage: '',
    summary: 'the port map: footprints, who listens there, findings, the suggested base port',
    positionals: [],
    flags: {},
    sends: ['state.snapshot', 'ports.suggest'],
    run: async (ctx) => {
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
      ctx.terminal.print({ footprints, findings: snapshot.findings, suggested, ephemeral }, () =>
        [
          portsTable(footprints),
          snapshot.findings.length ? findingsText(snapshot.findings) : 'No findings.',
          [
            suggested === null ? 'No free base port is left.' : `Suggested base port for a new profile: ${suggested}`,
            ephemeral
              ? `The OS's ephemeral ports (taken by outgoing connections): ${ephemeral.from}-${ephemeral.to}`
              : '',
          ]
            .filter(Boolean)
            .join('\n'),
        ].join('\n\n'),
      );
      return EXIT.ok;
    },
  }),
  audit: entry({
    usage: '',
    summary: 'the isolation audit: what two profiles share that they must not (bot tokens, folders)',
    details: ['Credentials are compared by a salted hash and never shown. Exit 3 when an error-level finding exists.'],
    positionals: [],
    flags: {},
    sends: ['audit.run'],
    text: (report) => auditText(report),
    exit: (report) => (report.hasErrors ? EXIT.refused : EXIT.ok),
  }),
  export: entry({
    usage: '<compose|kubernetes> [profiles…] [--output DIR] [--force]',
    summary: "the fleet as a Docker Compose project or a Kustomize tree, in OpenClaw's official layout",
    details: [
      'Without profiles: every profile that is set up. The isolation audit runs first: profiles that share a credential',
      'or state are refused (exit 3), as is a folder that is not empty (unless --force). Tokens go to 0600 *.env files.',
      'See docs/SCALE.md for what moves where, and when to move a fleet.',
    ],
    positionals: [
      { name: 'format', field: 'format' },
      { name: 'profiles', field: 'profiles', optional: true, many: true },
    ],
    flags: {
      output: {
        type: 'string',
        value: 'DIR',
        help: 'where to write (default: ./openclaw-compose or ./openclaw-kustomize here)',
        field: 'output',
      },
      force: {
        type: 'boolean',
        help: 'write into a folder that is not empty (same-named files are replaced)',
        field: 'force',
      },
    },
    sends: ['fleet.export'],
    run: async (ctx, request) => {
      const { format } = request.args;
      // The default folder is here, where the person is, not in Lobsterpot's data dir.
      const output =
        request.args.output ?? ctx.resolvePath(format === 'compose' ? 'openclaw-compose' : 'openclaw-kustomize');
      const result = await ctx.core.execute('fleet.export', { ...request.args, output });
      ctx.terminal.print(result, () => exportText(result));
      return EXIT.ok;
    },
  }),
  settings: entry({
    usage: '',
    summary: "Lobsterpot's settings",
    positionals: [],
    flags: {},
    sends: ['state.snapshot'],
    run: async (ctx) => {
      const snapshot = await ctx.core.snapshot();
      ctx.terminal.print({ settings: snapshot.settings, environment: snapshot.environment }, () =>
        [settingsText(snapshot.settings), environmentText(snapshot.environment)].filter(Boolean).join('\n\n'),
      );
      return EXIT.ok;
    },
  }),
  'settings set': entry({
    usage: '<key> <value>',
    summary: 'change one of them',
    details: ['An empty value or `none` clears the OpenClaw or Node location, so that it is searched for again.'],
    positionals: [
      { name: 'key', local: 'names the setting the value goes to' },
      { name: 'value', field: '$key' },
    ],
    flags: {},
    sends: ['settings.update'],
    run: async (ctx, request) => {
      const [key = ''] = request.positionals;
      const updated = await ctx.core.execute('settings.update', request.args);
      const { environment } = await ctx.core.snapshot();
      ctx.terminal.print({ settings: updated, environment }, () =>
        [`${key} = ${JSON.stringify((updated as Record<string, unknown>)[key])}`, environmentText(environment)].join(
          '\n',
        ),
      );
      return EXIT.ok;
    },
  }),
};
