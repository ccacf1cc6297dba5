// What `lobsterpot update` and `lobsterpot install` print for a person: the installs, who runs which, the skew, and
// how a rollout went. Plain text, no colour codes.
import { formatDuration } from '../contract/format.ts';
import type { InstallResult, RolloutStep, UpdateReport, VersionsReport } from '../contract/contract.ts';
import { table } from './format.ts';

const SOURCE_WORDS = { located: 'located', lobsterpot: 'installed by Lobsterpot', profile: "a profile's own" } as const;

export function versionsText(report: VersionsReport): string {
  const installs = report.installs.length
    ? table(
        ['VERSION', 'WHAT', 'PROFILES SET TO IT', 'PATH'],
        report.installs.map((i) => [i.version ?? '?', SOURCE_WORDS[i.source], i.profiles.join(', ') || '-', i.path]),
      )
    : 'No OpenClaw is installed.';
  const profiles = report.profiles.length
    ? table(
        ['PROFILE', 'STATE', 'RUNS', 'INSTALL'],
        report.profiles.map((p) => [
          p.profile,
          p.state,
          p.running ?? '-',
          p.install ? `${p.install.version ?? '?'}${p.pinned ? '' : ' (located)'}` : `missing: ${p.pinned ?? ''}`,
        ]),
      )
    : '';
  return [
    installs,
    profiles,
    report.skew ? `Skew: ${report.skew.message}` : '',
    `New versions go to ${report.installRoot} (lobsterpot install <version>).`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

const stepText = (label: string, s: RolloutStep) =>
  `${label} ${s.profile}: ${s.ok ? (s.state ?? 'done') : `failed${s.state ? ` (${s.state})` : ''}`} in ${formatDuration(s.tookMs)}${!s.ok && s.reason ? ` — ${s.reason}` : ''}`;

export function updateText(report: UpdateReport): string {
  const target = report.target.version ?? report.target.path;
  if (report.dryRun)
    return [
      `Update to OpenClaw ${target} (${report.target.path}), dry run:`,
      ...report.plan.map((p, i) => `  ${i === 0 ? 'canary' : `then ${i}`}  ${p.profile} (now on ${p.from ?? '?'})`),
      report.message,
    ].join('\n');
  return [
    ...(report.canary ? [stepText('canary', report.canary)] : []),
    ...report.rolled.map((s) => stepText('rolled', s)),
    ...(report.rolledBack ? [stepText('rolled back', report.rolledBack)] : []),
    ...report.notTried.map((name) => `${name}: not tried`),
    report.message,
  ].join('\n');
}

export function installText(result: InstallResult): string {
  return result.already
    ? `OpenClaw ${result.version} is already installed: ${result.path}`
    : `Installed OpenClaw ${result.version} in ${formatDuration(result.tookMs)}: ${result.path}`;
}
