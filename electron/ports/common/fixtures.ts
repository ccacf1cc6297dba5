// A complete, typed port profile for tests: a profile folder in /home/u, so a test names only the fields it is about.
import type { Finding } from './findings.ts';
import type { PortProfile } from './ports.ts';

/** Profile `name` at `port` (null: no gateway.port), its folders under `/home/u/.openclaw-<name>`. */
export const portProfile = (name: string, port: number | null, extra: Partial<PortProfile> = {}): PortProfile => ({
  name,
  port,
  stateDir: `/home/u/.openclaw-${name}`,
  configPath: `/home/u/.openclaw-${name}/openclaw.json`,
  workspace: `/home/u/.openclaw-${name}/workspace`,
  ...extra,
});

/** Findings in short, `severity:kind:a+b`, so a test reads which findings came out at a glance. */
export const findingKinds = (findings: Finding[]) =>
  findings.map((f) => `${f.severity}:${f.kind}:${f.profiles.join('+')}`);
