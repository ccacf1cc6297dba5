// Reads a profile's openclaw.json directly as JSON5 (fast); OpenClaw's own writer is used for every change.
import { readFile } from 'node:fs/promises';
import JSON5 from 'json5';
import { openclawHint } from '../../openclaw/common/hint.ts';

export interface BrowserProfileConfig {
  name: string;
  cdpPort: number | null;
  cdpUrl: string | null;
}

/** The parts of a config that Lobsterpot reads. */
export interface ProfileConfig {
  mode: string | null;
  /** `gateway.port`; NaN when it holds something other than a number. */
  port: number | null;
  bind: string | null;
  /** Never logged, never sent to a window. */
  token: string | null;
  workspace: string | null;
  pinnedCdpUrl: string | null;
  browserProfiles: BrowserProfileConfig[];
  canvasPort: number | null;
  mcpSandboxPort: number | null;
}

export type ConfigRead =
  | { ok: true; config: ProfileConfig; raw: Record<string, unknown>; problem: string | null }
  | { ok: false; error: string };

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
const portValue = (value: unknown) =>
  value === undefined || value === null ? null : typeof value === 'number' ? value : NaN;

export function parseProfileConfig(source: string, configPath: string, profile: string): ConfigRead {
  let raw: unknown;
  try {
    raw = JSON5.parse(source);
  } catch (error) {
    return {
      ok: false,
      error: `${configPath} is not valid JSON5: ${(error as Error).message.replace(/^JSON5: /, '')}`,
    };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, error: `${configPath} does not hold an object` };
  }
  const root = raw as Record<string, unknown>;
  const gateway = record(root.gateway);
  const browser = record(root.browser);
  const browserProfiles = Object.entries(record(browser.profiles)).map(([name, value]) => {
    const entry = record(value);
    return { name, cdpPort: portValue(entry.cdpPort), cdpUrl: text(entry.cdpUrl) };
  });
  const mode = text(gateway.mode);
  const flag = profile === 'default' ? '' : ` --profile ${profile}`;
  return {
    ok: true,
    raw: root,
    problem: mode
      ? null
      : `gateway.mode is not set: OpenClaw refuses to start (exit 78). Run \`${openclawHint(`${flag} setup`.trimStart())}\` or set gateway.mode=local.`,
    config: {
      mode,
      port: portValue(gateway.port),
      bind: text(gateway.bind),
      token: text(record(gateway.auth).token),
      workspace: text(record(record(root.agents).defaults).workspace),
      pinnedCdpUrl: text(browser.cdpUrl),
      browserProfiles,
      canvasPort: portValue(record(root.canvasHost).port),
      mcpSandboxPort: portValue(record(record(root.mcp).apps).sandboxPort),
    },
  };
}

export async function readProfileConfig(configPath: string, profile: string): Promise<ConfigRead> {
  let source: string;
  try {
    source = await readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: code === 'ENOENT' ? `${configPath} does not exist` : `${configPath}: ${(error as Error).message}`,
    };
  }
  return parseProfileConfig(source, configPath, profile);
}
