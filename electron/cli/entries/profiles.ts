// Table entries about profiles: creating, copying, changing and removing them, and their backups.
import { LobsterpotError } from '../../contract/errors.ts';
import type { ConvertReport, ProfileView } from '../../contract/contract.ts';
import { sizeText } from '../../gateways/common/gateway-text.ts';
import { EXIT, UsageError, entry, type CliEntry, type FlagSpec } from '../spec.ts';
import { profileNamed } from './gateways.ts';

const port: FlagSpec = {
  type: 'string',
  value: 'N',
  help: 'the base port (default: the suggested one)',
  field: 'port',
};

const created = (profile: ProfileView, verb: string) =>
  `${verb} ${profile.name} on port ${profile.effectivePort} (ports ${profile.footprint.block.from}-${profile.footprint.block.to}) in ${profile.stateDir}`;

export const PROFILE_ENTRIES: Record<string, CliEntry> = {
  create: entry({
    usage: '<name> [--port N] | --rescue [name]',
    summary: "a new isolated profile through OpenClaw's own onboarding",
    details: ['A port held by another process or inside another profile is refused (exit 3), naming the holder.'],
    positionals: [{ name: 'name', field: 'name' }],
    flags: {
      port,
      rescue: {
        type: 'boolean',
        help: 'the rescue-bot preset (named `rescue` unless named)',
        field: 'preset',
        sets: 'rescue',
        implies: { name: 'rescue' },
      },
    },
    sends: ['profiles.create'],
    run: async (ctx, request) => {
      const profile = await ctx.core.execute('profiles.create', request.args);
      ctx.terminal.print({ profile }, () => created(profile, 'created'));
      return EXIT.ok;
    },
  }),
  clone: entry({
    usage: '<from> <name> [--port N]',
    summary: "a copy of a profile's config under a new name and port",
    details: ['Explicit CDP ports move with the base port; the flags (restart on crash, colour, notes) are copied.'],
    positionals: [
      { name: 'from', field: 'from' },
      { name: 'name', field: 'name' },
    ],
    flags: { port },
    sends: ['profiles.clone'],
    run: async (ctx, request) => {
      const profile = await ctx.core.execute('profiles.clone', request.args);
      ctx.terminal.print({ profile }, () => created(profile, `cloned ${String(request.args.from)} as`));
      return EXIT.ok;
    },
  }),
  edit: entry({
    usage: '<profile> [--port N] [--workspace PATH] [--cdp-url URL] [--browser-cdp-port|-url NAME=VALUE]',
    summary: "change a profile's ports and paths through OpenClaw's own config writer",
    details: [
      'An empty value removes a setting: --cdp-url "" unpins browser.cdpUrl, --browser-cdp-port work= drops that port.',
      'A port change on a running gateway needs a restart (a hot reload keeps the old port): the output says so.',
    ],
    positionals: [{ name: 'profile', field: 'name' }],
    flags: {
      port: { type: 'string', value: 'N', help: 'the new base port', field: 'port' },
      workspace: { type: 'string', value: 'PATH', help: 'the agents workspace', field: 'workspace' },
      'cdp-url': {
        type: 'string',
        value: 'URL',
        help: 'pin browser.cdpUrl ("" removes the pin)',
        field: 'pinnedCdpUrl',
      },
      'browser-cdp-port': {
        type: 'string',
        value: 'NAME=N',
        multiple: true,
        help: "a browser profile's cdpPort (NAME= removes it)",
        field: 'browserProfiles.*.cdpPort',
      },
      'browser-cdp-url': {
        type: 'string',
        value: 'NAME=URL',
        multiple: true,
        help: "a browser profile's cdpUrl (NAME= removes it)",
        field: 'browserProfiles.*.cdpUrl',
      },
    },
    sends: ['profiles.update'],
    run: async (ctx, request) => {
      if (Object.keys(request.args).length === 1) throw new UsageError('edit: nothing to change', 'edit');
      const result = await ctx.core.execute('profiles.update', request.args);
      const { profile, restartNeeded } = result;
      ctx.terminal.print(result, () =>
        [
          `updated ${profile.name}: port ${profile.effectivePort} (ports ${profile.footprint.block.from}-${profile.footprint.block.to})`,
          restartNeeded
            ? `${profile.name} still runs on its old port until restarted: lobsterpot restart ${profile.name}`
            : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
      return EXIT.ok;
    },
  }),
  flags: entry({
    usage:
      '<profile> [--autostart on|off] [--restart-on-crash on|off] [--mcp-actions on|off] [--color HEX] [--notes T]',
    summary: "Lobsterpot's own flags for a profile",
    details: ['Without a flag it prints the current ones.'],
    positionals: [{ name: 'profile', field: 'name' }],
    flags: {
      autostart: {
        type: 'string',
        value: 'on|off',
        help: 'start with Lobsterpot (at login or launch)',
        field: 'flags.autostart',
      },
      'restart-on-crash': {
        type: 'string',
        value: 'on|off',
        help: 'restart after an unexpected exit',
        field: 'flags.restartOnCrash',
      },
      'mcp-actions': {
        type: 'string',
        value: 'on|off',
        help: "its agent's `lobsterpot mcp` may start, stop and restart the other profiles",
        field: 'flags.mcpActions',
      },
      color: { type: 'string', value: 'HEX', help: 'a colour like #ff8800, or none', field: 'flags.color' },
      notes: { type: 'string', value: 'TEXT', help: 'free text', field: 'flags.notes' },
    },
    base: { flags: {} },
    sends: ['profiles.setFlags'],
    run: async (ctx, request) => {
      const profile = await profileNamed(ctx, String(request.args.name));
      const patch = request.args.flags;
      const result = Object.keys(patch).length
        ? await ctx.core.execute('profiles.setFlags', { name: profile.name, flags: patch })
        : profile.flags;
      ctx.terminal.print({ profile: profile.name, flags: result }, () =>
        [
          `autostart         ${result.autostart ? 'on' : 'off'}`,
          `restart-on-crash  ${result.restartOnCrash ? 'on' : 'off'}`,
          `mcp-actions       ${result.mcpActions ? 'on' : 'off'}`,
          `color             ${result.color ?? 'none'}`,
          `notes             ${result.notes || '-'}`,
        ].join('\n'),
      );
      return EXIT.ok;
    },
  }),
  delete: entry({
    usage: '<profile> [--backup|--trash] [--yes]',
    summary: 'stop the gateway, then move its state dir into a dated backup (or the trash)',
    details: ['On a terminal it asks first; elsewhere it is refused (exit 3) unless --yes is given.'],
    positionals: [{ name: 'profile', field: 'name' }],
    flags: {
      backup: {
        type: 'boolean',
        help: "into Lobsterpot's backups folder (the default)",
        field: 'disposal',
        sets: 'backup',
      },
      trash: { type: 'boolean', help: "into the desktop's trash", field: 'disposal', sets: 'trash' },
      yes: { type: 'boolean', short: 'y', help: 'do not ask', local: 'asked here, before anything is sent' },
    },
    sends: ['profiles.delete'],
    run: async (ctx, request) => {
      const profile = await profileNamed(ctx, String(request.args.name));
      const disposal = request.args.disposal ?? 'backup';
      if (request.values.yes !== true) {
        if (!ctx.terminal.isTTY)
          throw new LobsterpotError(
            'refused',
            `delete ${profile.name}: not asked on a terminal, so nothing was deleted; add --yes to confirm`,
          );
        const where = disposal === 'trash' ? 'the trash' : "Lobsterpot's backups folder";
        if (!(await ctx.terminal.confirm(`Stop ${profile.name} and move ${profile.stateDir} into ${where}? [y/N] `))) {
          ctx.terminal.print({ profile: profile.name, deleted: false }, () => 'nothing was deleted');
          return EXIT.refused;
        }
      }
      const { movedTo } = await ctx.core.execute('profiles.delete', { name: profile.name, disposal });
      ctx.terminal.print(
        { profile: profile.name, deleted: true, movedTo },
        () => `deleted ${profile.name}: moved to ${movedTo}`,
      );
      return EXIT.ok;
    },
  }),
  add: entry({
    usage: '--config FILE --state-dir DIR [--name NAME]',
    summary: 'an existing gateway set up by environment (OPENCLAW_CONFIG_PATH + OPENCLAW_STATE_DIR), from anywhere',
    details: [
      "Configs beside each other in ~/.openclaw (the seeds' manual layout) are found on their own; add the others here.",
      'It then starts with exactly those two variables and no --profile; `lobsterpot convert NAME` makes it a profile.',
    ],
    positionals: [],
    flags: {
      config: { type: 'string', value: 'FILE', help: 'its config (OPENCLAW_CONFIG_PATH)', field: 'config' },
      'state-dir': { type: 'string', value: 'DIR', help: 'its state dir (OPENCLAW_STATE_DIR)', field: 'stateDir' },
      name: {
        type: 'string',
        value: 'NAME',
        help: 'what Lobsterpot calls it (default: from the file name)',
        field: 'name',
      },
    },
    sends: ['profiles.add'],
    run: async (ctx, request) => {
      const profile = await ctx.core.execute('profiles.add', request.args);
      ctx.terminal.print({ profile }, () =>
        [
          `added ${profile.name} on port ${profile.effectivePort} (ports ${profile.footprint.block.from}-${profile.footprint.block.to})`,
          `  config     ${profile.configPath}`,
          `  state dir  ${profile.stateDir}`,
          profile.configError ? `  ${profile.configError}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
      return EXIT.ok;
    },
  }),
  forget: entry({
    usage: '<instance>',
    summary: 'forget an instance added with `add` (its files stay where they are)',
    positionals: [{ name: 'instance', field: 'name' }],
    flags: {},
    sends: ['profiles.forget'],
    text: (result) => (result.forgotten ? 'forgotten' : 'it was not added by hand: nothing to forget'),
  }),
  convert: entry({
    usage: '<instance> [--to NAME] [--dry-run] [--yes]',
    summary: 'move an instance set up by environment into a profile folder ~/.openclaw-<name>',
    details: [
      "A backup first; stopped first and started again if it ran; its config written by OpenClaw's own writer.",
      'It prints what moves where; on a terminal it asks first, elsewhere --yes is needed (exit 3 without).',
    ],
    positionals: [{ name: 'instance', field: 'name' }],
    flags: {
      to: { type: 'string', value: 'NAME', help: 'the profile name (default: the instance name)', field: 'to' },
      'dry-run': { type: 'boolean', help: 'only say what would move', field: 'dryRun' },
      yes: { type: 'boolean', short: 'y', help: 'do not ask', local: 'asked here, before anything is sent' },
    },
    sends: ['profiles.convert'],
    run: async (ctx, request) => {
      const plan = await ctx.core.execute('profiles.convert', { ...request.args, dryRun: true });
      const movesText = (report: ConvertReport) => report.moves.map((m) => `  ${m.what}\n    ${m.from}\n    → ${m.to}`);
      if (request.args.dryRun === true) {
        ctx.terminal.print(plan, () =>
          [`converting ${plan.from} into the profile ${plan.to} would move:`, ...movesText(plan)].join('\n'),
        );
        return EXIT.ok;
      }
      if (request.values.yes !== true) {
        if (!ctx.terminal.isTTY)
          throw new LobsterpotError(
            'refused',
            `convert ${plan.from}: not asked on a terminal, so nothing moved; add --yes to confirm`,
          );
        const question = [
          `Convert ${plan.from} into the profile ${plan.to}?`,
          ...movesText(plan),
          `${plan.wasRunning ? 'It is stopped first and started again. ' : ''}[y/N] `,
        ];
        if (!(await ctx.terminal.confirm(question.join('\n')))) {
          ctx.terminal.print({ ...plan, converted: false }, () => 'nothing moved');
          return EXIT.refused;
        }
      }
      const report = await ctx.core.execute('profiles.convert', { ...request.args, dryRun: false });
      ctx.terminal.print(report, () =>
        [
          `converted ${report.from} into the profile ${report.to} (${report.profile?.stateDir ?? ''})`,
          ...movesText(report),
          report.backup ? `  backup first: ${report.backup.archive}` : '',
          report.started ? `  started again: ${report.started.state}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
      return EXIT.ok;
    },
  }),
  backup: entry({
    usage: '<profile> [--output DIR]',
    summary: "an archive of a profile's config and state (OpenClaw's own backup where it has one)",
    positionals: [{ name: 'profile', field: 'name' }],
    flags: {
      output: {
        type: 'string',
        value: 'DIR',
        help: "where the archive goes (default: Lobsterpot's backups)",
        field: 'output',
      },
    },
    sends: ['profiles.backup'],
    text: (result) =>
      `backed up ${result.profile} to ${result.archive} (${sizeText(result.bytes)}, ${result.method === 'openclaw' ? "OpenClaw's backup" : 'config and state without caches'})`,
  }),
  restore: entry({
    usage: '<archive> <name> [--port N]',
    summary: 'a backup into a new profile with its own ports and token; never overwrites one',
    positionals: [
      { name: 'archive', field: 'archive' },
      { name: 'name', field: 'name' },
    ],
    flags: { port },
    sends: ['profiles.restore'],
    run: async (ctx, request) => {
      const profile = await ctx.core.execute('profiles.restore', request.args);
      ctx.terminal.print({ profile }, () => created(profile, 'restored'));
      return EXIT.ok;
    },
  }),
};
