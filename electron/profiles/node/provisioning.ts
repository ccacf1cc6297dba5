// Provisioning: what a profile's config should become. The patches are pure functions of the current config and the
// change asked for; writing goes through OpenClaw's own writer (`config patch`), which validates and keeps backups.
import type { ParsedArgs } from '../../contract/contract.ts';
import { loopbackPortOf } from '../../ports/common/ports.ts';
import type { ProfileConfig } from './config.ts';

export interface ConfigChange {
  /** The patch for `openclaw config patch` (a JSON merge: null deletes). */
  patch: Record<string, unknown>;
  /** The config as it will read once patched, for the conflict checks before writing. */
  draft: ProfileConfig;
}

/** The patch and the resulting config for an edit of base port, workspace and CDP overrides. */
export function updatePatch(config: ProfileConfig, change: ParsedArgs<'profiles.update'>): ConfigChange {
  const patch: Record<string, unknown> = {};
  const draft: ProfileConfig = { ...config, browserProfiles: config.browserProfiles.map((b) => ({ ...b })) };
  if (change.port !== undefined) {
    patch.gateway = { port: change.port };
    draft.port = change.port;
  }
  if (change.workspace !== undefined) {
    patch.agents = { defaults: { workspace: change.workspace } };
    draft.workspace = change.workspace;
  }
  const browser: Record<string, unknown> = {};
  if (change.pinnedCdpUrl !== undefined) {
    browser.cdpUrl = change.pinnedCdpUrl;
    draft.pinnedCdpUrl = change.pinnedCdpUrl;
  }
  if (change.browserProfiles) {
    const profiles: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(change.browserProfiles)) {
      profiles[name] = value;
      let target = draft.browserProfiles.find((b) => b.name === name);
      if (!target) draft.browserProfiles.push((target = { name, cdpPort: null, cdpUrl: null }));
      if (value.cdpPort !== undefined) target.cdpPort = value.cdpPort;
      if (value.cdpUrl !== undefined) target.cdpUrl = value.cdpUrl;
    }
    browser.profiles = profiles;
  }
  if (change.browserNoSandbox !== undefined) browser.noSandbox = change.browserNoSandbox;
  if (Object.keys(browser).length) patch.browser = browser;
  return { patch, draft };
}

/**
 * What a clone takes over from its source, moved by `shift` ports: explicit CDP ports and loopback CDP URLs move with
 * the base (dropped when they would leave the port range); a pinned loopback `cdpUrl` cannot be shared, so it is
 * dropped; a remote one is kept.
 */
export function clonePatch(source: ProfileConfig, shift: number): Record<string, unknown> {
  const profiles: Record<string, unknown> = {};
  for (const b of source.browserProfiles) {
    const url =
      b.cdpUrl && loopbackPortOf(b.cdpUrl) !== null
        ? b.cdpUrl.replace(/:(\d+)(?=[/?#]|$)/, (_, p: string) => `:${Number(p) + shift}`)
        : b.cdpUrl;
    const value: Record<string, unknown> = {};
    if (b.cdpPort !== null) {
      const moved = b.cdpPort + shift;
      if (moved >= 1024 && moved <= 65535) value.cdpPort = moved;
    }
    if (url) value.cdpUrl = url;
    profiles[b.name] = value;
  }
  const browser: Record<string, unknown> = {};
  if (Object.keys(profiles).length) browser.profiles = profiles;
  if (source.pinnedCdpUrl && loopbackPortOf(source.pinnedCdpUrl) === null) browser.cdpUrl = source.pinnedCdpUrl;
  return Object.keys(browser).length ? { browser } : {};
}
