// What the window shows of a profile while it is being created: nothing said about it as if it were finished.
// Onboarding writes the folder first and the port a moment later, so for a few hundred milliseconds the profile
// exists with no `gateway.port`. Pure, tested as data.
import type { Finding } from '../../electron/ports/common/findings.ts';

/** The findings to show on the page: none about a profile whose create is still on its way. */
export function settledFindings(findings: readonly Finding[], creating: Readonly<Record<string, unknown>>): Finding[] {
  const names = Object.keys(creating);
  if (!names.length) return findings as Finding[];
  return findings.filter((finding) => !finding.profiles.some((name) => names.includes(name)));
}

/** The profiles a new name and port are checked against: every one but the profile this dialog is creating. */
export const othersThan = <P extends { name: string }>(profiles: readonly P[], creating: string | null): P[] =>
  creating === null ? [...profiles] : profiles.filter((p) => p.name !== creating);
