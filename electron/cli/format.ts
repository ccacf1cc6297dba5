// Human output of the `lobsterpot` command: plain tables, no colour codes.
import type { Finding, Listener } from '../ports/common/findings.ts';
import { formatDuration } from '../contract/format.ts';
import type {
  AuditReport,
  DoctorReport,
  GatewayStatus,
  HistoryReport,
  OpenClawEnvironment,
  ProfileView,
  RestartAllReport,
  Settings,
} from '../contract/contract.ts';
import {
  causeText,
  entryText,
  ownerText,
  uptimeText,
  versionText,
  watchdogText,
} from '../gateways/common/gateway-text.ts';
import type { PortSpan } from '../ports/common/ports.ts';

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * A profile's port as both `list` and `status` show it: the one its config names, and while the running gateway still
 * listens on another, that one and what to do: "19001 (runs on 18789) — restart to apply".
 */
export function portText(profile: ProfileView | undefined, gateway: GatewayStatus | undefined): string {
  const wanted = profile?.effectivePort ?? gateway?.port ?? 0;
  const running = gateway && gateway.pid !== null && gateway.port !== wanted ? gateway.port : null;
  const source = profile && profile.portSource !== 'config' ? ` (${profile.portSource})` : '';
  return running === null ? `${wanted}${source}` : `${wanted}${source} (runs on ${running}) — restart to apply`;
}

export function profilesTable(profiles: ProfileView[], gateways: GatewayStatus[]): string {
  if (!profiles.length) return 'No OpenClaw profiles yet. Create one with: lobsterpot create <name>';
  // Instances set up by environment: what they run with, under the table (the columns stay the same for both).
  const instances = profiles
    .filter((p) => p.layout === 'env')
    .map((p) => `${p.name}: set up by environment, ${p.instance?.command ?? `OPENCLAW_CONFIG_PATH=${p.configPath}`}`);
  return [profilesRows(profiles, gateways), ...(instances.length ? ['', ...instances] : [])].join('\n');
}

function profilesRows(profiles: ProfileView[], gateways: GatewayStatus[]): string {
  return table(
    ['PROFILE', 'STATE', 'PORT', 'FOOTPRINT', 'STATE DIR'],
    profiles.map((p) => {
      const gateway = gateways.find((g) => g.profile === p.name);
      return [
        p.name,
        p.configError ? 'config-error' : (gateway?.state ?? 'stopped'),
        portText(p, gateway),
        `${p.footprint.block.from}-${p.footprint.block.to}`,
        p.stateDir,
      ];
    }),
  );
}

export function statusTable(gateways: GatewayStatus[], now: number, profiles: ProfileView[] = []): string {
  if (!gateways.length) return 'No OpenClaw profiles yet. Create one with: lobsterpot create <name>';
  return table(
    ['PROFILE', 'STATE', 'PORT', 'PID', 'OWNER', 'UPTIME', 'RESTARTS', 'DETAIL'],
    gateways.map((g) => [
      g.profile,
      g.state,
      portText(
        profiles.find((p) => p.name === g.profile),
        g,
      ),
      g.pid === null ? '-' : String(g.pid),
      g.owner ?? '-',
      g.startedAt && g.pid !== null ? formatDuration(now - g.startedAt, { compact: true }) : '-',
      String(g.restarts),
      g.reason ?? (g.rpc.version ? `openclaw ${g.rpc.version}` : ''),
    ]),
  );
}

export function findingsText(findings: Pick<Finding, 'severity' | 'message' | 'fix'>[]): string {
  return findings
    .map((f) => `${f.severity === 'error' ? 'error  ' : 'warning'}  ${f.message}\n         fix: ${f.fix}`)
    .join('\n');
}

export function environmentText(environment: OpenClawEnvironment): string {
  const lines: string[] = [];
  const { openclaw, node, problem, fix } = environment;
  if (openclaw) lines.push(`OpenClaw ${openclaw.version ?? '(version unknown)'} at ${openclaw.path}`);
  if (node) lines.push(`Node ${node.version} at ${node.path}`);
  if (problem) lines.push(problem);
  if (fix) lines.push(`fix: ${fix}`);
  return lines.join('\n');
}

export interface LogEntry {
  profile: string;
  /** The line's own timestamp (ISO), or the one before it; null before the first. */
  time: string | null;
  line: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)/;

/** Lines of several logs in one list ordered by time; a line without a timestamp keeps the time of the one before. */
export function interleave(logs: { profile: string; lines: string[] }[]): LogEntry[] {
  const entries: (LogEntry & { at: number; order: number })[] = [];
  let order = 0;
  for (const { profile, lines } of logs) {
    let time: string | null = null;
    let at = -Infinity;
    for (const line of lines) {
      const stamp = STAMP.exec(line)?.[1];
      const parsed = stamp ? Date.parse(stamp) : NaN;
      if (stamp && Number.isFinite(parsed)) [time, at] = [new Date(parsed).toISOString(), parsed];
      entries.push({ profile, time, line, at, order: order++ });
    }
  }
  entries.sort((a, b) => a.at - b.at || a.order - b.order);
  return entries.map(({ profile, time, line }) => ({ profile, time, line }));
}

/** One log line for a person: the profile first when several logs are shown together. */
export const logLine = (entry: LogEntry, width: number | null) =>
  width === null ? entry.line : `${entry.profile.padEnd(width)} | ${entry.line}`;

export interface FootprintRow {
  profile: string;
  base: number;
  spans: (PortSpan & { listeners: Listener[] })[];
}

const holderOf = (l: Listener) =>
  l.profile
    ? `${l.profile}'s gateway`
    : l.pid !== null
      ? `pid ${l.pid}${l.command ? ` (${l.command})` : ''}`
      : 'a process';

/** The port map as a table: one row per part of each profile's footprint, and who listens there. */
export function portsTable(footprints: FootprintRow[]): string {
  if (!footprints.length) return 'No OpenClaw profiles yet. Create one with: lobsterpot create <name>';
  const rows: string[][] = [];
  for (const footprint of footprints) {
    for (const [i, span] of footprint.spans.entries()) {
      const ports = span.from === span.to ? String(span.from) : `${span.from}-${span.to}`;
      const listeners = span.listeners.map((l) => (span.from === span.to ? holderOf(l) : `${l.port}: ${holderOf(l)}`));
      rows.push([
        i === 0 ? footprint.profile : '',
        ports,
        span.field ? `${span.label} (${span.field})` : span.label,
        listeners.join(', ') || '-',
      ]);
    }
  }
  return table(['PROFILE', 'PORTS', 'PART', 'LISTENING'], rows);
}

export function settingsText(settings: Settings): string {
  const rows = Object.entries(settings)
    .filter(([key]) => key !== 'profiles')
    .map(([key, value]) => [key, value === null ? 'none (searched)' : String(value)]);
  return `${table(['SETTING', 'VALUE'], rows)}\n\nPer-profile flags: lobsterpot flags <profile>`;
}

/** A time in a table: UTC, to the second, so lines from several hosts compare. */
export const stamp = (at: number) => new Date(at).toISOString().slice(0, 19).replace('T', ' ');

/** `lobsterpot audit`: each finding with its fix, or a line saying all is well. */
export function auditText(report: AuditReport): string {
  if (!report.findings.length) return 'No isolation findings: no two profiles share a credential, a folder or a port.';
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const counts = [
    errors ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${findingsText(report.findings)}\n\n${counts}`;
}

/** `lobsterpot history`: uptime, the changes with their causes (a crash's last lines under it), the outages. */
export function historyText(report: HistoryReport, now: number): string {
  const head = `${report.profile}: up ${uptimeText(report.uptime24h)} over 24 h, ${uptimeText(report.uptime7d)} over 7 days`;
  if (!report.entries.length) return `${head}\nNo state changes recorded yet.`;
  const rows: string[][] = [];
  for (const entry of report.entries) {
    rows.push([stamp(entry.at), entry.state, entryText(entry)]);
    for (const line of entry.cause?.lines ?? []) rows.push(['', '', `| ${line}`]);
  }
  const outages = report.outages.map((o) => {
    const end = o.to === null ? 'ongoing' : stamp(o.to).slice(11);
    const lasted = formatDuration((o.to ?? now) - o.from);
    return `  ${stamp(o.from)} - ${end} (${lasted})  ${o.states.join(' > ')}  ${causeText(o.cause)}`;
  });
  return [
    head,
    '',
    table(['TIME (UTC)', 'STATE', 'CAUSE'], rows),
    '',
    outages.length ? `Outages in the last 7 days:\n${outages.join('\n')}` : 'No outages in the last 7 days.',
  ].join('\n');
}

/** `lobsterpot restart --all --rolling`: one line per gateway, in the order they were taken. */
export function restartAllText(report: RestartAllReport): string {
  const lines = [
    ...report.restarted.map((r) => `${r.profile}: restarted, ${r.state}`),
    ...report.failed.map((f) => `${f.profile}: failed${f.state ? ` (${f.state})` : ''} — ${f.reason}`),
    ...report.notTried.map((name) => `${name}: not tried (an earlier one failed)`),
  ];
  return lines.length ? lines.join('\n') : 'No gateway was running: nothing to restart.';
}

/** `lobsterpot doctor`: what OpenClaw's doctor reported, then how the one retry went. */
export function doctorText(report: DoctorReport): string {
  const { run } = report;
  return [
    `doctor --fix for ${report.profile} ${run.code === 0 ? 'finished' : run.code === null ? 'could not finish' : `exited ${run.code}`}:`,
    ...(run.report.length ? run.report.map((line) => `  ${line}`) : ['  (it said nothing)']),
    `then one start: ${run.retry ?? 'not tried'}`,
  ].join('\n');
}

/** What `status` says beside the table about each gateway: who runs it, its versions, the watchdog, the doctor. */
export function statusNotes(gateways: GatewayStatus[], now: number): string {
  const lines: string[] = [];
  for (const g of gateways) {
    if (g.pid !== null && (g.owner !== 'lobsterpot' || g.supervisor))
      lines.push(`${g.profile}: run by ${ownerText(g)}`);
    if (g.supervisor?.evidence.length)
      lines.push(`${' '.repeat(g.profile.length)}  (${g.supervisor.evidence.join(', ')})`);
    const versions = versionText(g.versions);
    if (versions) lines.push(`${g.profile}: ${versions} (lobsterpot restart ${g.profile})`);
    const watchdog = watchdogText(g.watchdog, now);
    if (watchdog)
      lines.push(
        `${g.profile}: watchdog: ${watchdog}${g.watchdog?.acknowledged ? '' : ` (lobsterpot ack ${g.profile})`}`,
      );
    if (g.doctor?.offered)
      lines.push(
        `${g.profile}: config error (exit 78): \`lobsterpot doctor ${g.profile}\` runs OpenClaw's repair once`,
      );
  }
  return lines.join('\n');
}
