// What the conflict analysis reports: a finding, the listeners it is checked against, and the order findings read in. Pure.

export type Severity = 'error' | 'warning';

export type FindingKind =
  | 'invalid-port'
  | 'same-base'
  | 'footprint-overlap'
  | 'port-in-footprint'
  | 'same-port'
  | 'same-cdp-url'
  | 'shared-state-dir'
  | 'shared-config'
  | 'shared-workspace'
  | 'relative-path'
  | 'tight-spacing'
  | 'default-port'
  | 'ephemeral-range'
  | 'live-listener';

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** Sorted, so a finding reads the same whichever profile is looked at first. */
  profiles: string[];
  ports: number[];
  message: string;
  /** One line that says how to make the finding go away. */
  fix: string;
}

/** A process listening on a TCP port; `profile` is set when it is known to be that profile's own gateway (or its child). */
export interface Listener {
  port: number;
  pid: number | null;
  command: string | null;
  profile?: string | null;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1 };

/** The collation of String.localeCompare, made once (localeCompare looks it up on every call). */
const collator = new Intl.Collator();

export function sortFindings(findings: Finding[]): Finding[] {
  // Each finding's names joined once, not twice per comparison.
  const keyed = findings.map((finding) => ({ finding, names: finding.profiles.join('\0') }));
  keyed.sort(
    (x, y) =>
      severityRank[x.finding.severity] - severityRank[y.finding.severity] ||
      collator.compare(x.finding.kind, y.finding.kind) ||
      collator.compare(x.names, y.names) ||
      collator.compare(x.finding.message, y.finding.message),
  );
  return keyed.map((entry) => entry.finding);
}
