// Table entries about OpenClaw's versions: what is installed and which profile runs which (`update` alone), an
// update with its canary and rollback (`update <version|path> [profiles…]`), and an install beside the located one.
import { isVersionTarget } from '../../openclaw/common/versions.ts';
import { installText, updateText, versionsText } from '../update-text.ts';
import { EXIT, entry, type CliEntry } from '../spec.ts';

export const UPDATE_ENTRIES: Record<string, CliEntry> = {
  update: entry({
    usage: '[version|path] [profiles…] [--dry-run]',
    summary: "OpenClaw's installs and who runs which; or an update: a canary first, then one at a time",
    details: [
      'Without a version: the installed OpenClaws, which profile runs which, and a version skew between gateways.',
      'With one (installed by `lobsterpot install`, or a path to any install): the first profile named (default: the',
      'first running gateway) restarts on it as the canary; ready again, the others follow one at a time. One that',
      'does not come back ready is put back on the install it ran and restarted there, and the roll stops (exit 1).',
      'Profiles named that are not running are only set to run it at their next start.',
    ],
    positionals: [
      { name: 'target', optional: true, local: 'a version or a path: a relative path is made absolute here first' },
      { name: 'profiles', optional: true, many: true, local: 'sent with the target (without one, none is asked)' },
    ],
    flags: {
      'dry-run': {
        type: 'boolean',
        help: 'say what would restart, in which order, and restart nothing',
        local: 'goes with a target',
      },
    },
    sends: ['openclaw.versions', 'openclaw.update'],
    run: async (ctx, request) => {
      const [given, ...profiles] = request.positionals;
      if (given === undefined) {
        const report = await ctx.core.execute('openclaw.versions', {});
        ctx.terminal.print(report, () => versionsText(report));
        return EXIT.ok;
      }
      const target = isVersionTarget(given) ? given : ctx.resolvePath(given);
      const report = await ctx.core.execute('openclaw.update', {
        target,
        profiles,
        dryRun: request.values['dry-run'] === true,
      });
      ctx.terminal.print(report, () => updateText(report));
      const failed = report.canary?.ok === false || report.rolled.some((s) => !s.ok);
      return failed ? EXIT.failed : EXIT.ok;
    },
  }),
  install: entry({
    usage: '<version>',
    summary: 'install an OpenClaw version with npm beside the located one (then `lobsterpot update <version>`)',
    details: ["It goes to `.cache/openclaw-versions/<version>` in a checkout, else to Lobsterpot's data dir."],
    positionals: [{ name: 'version', field: 'version' }],
    flags: {},
    sends: ['openclaw.install'],
    text: (result) => installText(result),
  }),
};
