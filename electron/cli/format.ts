// Human output of the `lobsterpot` command: plain tables, no colour codes.
import type { Finding } from '../common/conflicts.ts';
import { formatDuration } from '../common/format.ts';
import type { GatewayStatus, ProfileView } from '../common/contract.ts';

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function profilesTable(profiles: ProfileView[], gateways: GatewayStatus[]): string {
  if (!profiles.length) return 'No OpenClaw profiles yet. Create one with: lobsterpot create <name>';
  return table(
    ['PROFILE', 'STATE', 'PORT', 'FOOTPRINT', 'STATE DIR'],
    profiles.map((p) => {
      const state = gateways.find((g) => g.profile === p.name)?.state ?? 'stopped';
      const port = `${p.effectivePort}${p.portSource === 'config' ? '' : ` (${p.portSource})`}`;
      return [
        p.name,
        p.configError ? 'config-error' : state,
        port,
        `${p.footprint.block.from}-${p.footprint.block.to}`,
        p.stateDir,
      ];
    }),
  );
}

export function statusTable(gateways: GatewayStatus[], now: number): string {
  if (!gateways.length) return 'No OpenClaw profiles yet. Create one with: lobsterpot create <name>';
  return table(
    ['PROFILE', 'STATE', 'PORT', 'PID', 'OWNER', 'UPTIME', 'RESTARTS', 'DETAIL'],
    gateways.map((g) => [
      g.profile,
      g.state,
      String(g.port),
      g.pid === null ? '-' : String(g.pid),
      g.owner ?? '-',
      g.startedAt && g.pid !== null ? formatDuration(now - g.startedAt, { compact: true }) : '-',
      String(g.restarts),
      g.reason ?? (g.rpc.version ? `openclaw ${g.rpc.version}` : ''),
    ]),
  );
}

export function findingsText(findings: Finding[]): string {
  return findings
    .map((f) => `${f.severity === 'error' ? 'error  ' : 'warning'}  ${f.message}\n         fix: ${f.fix}`)
    .join('\n');
}
