import { describe, expect, it } from 'vitest';
import type { ProfileConfig } from './config.ts';
import { clonePatch, updatePatch } from './provisioning.ts';

const base: ProfileConfig = {
  mode: 'local',
  port: 21000,
  token: 't',
  workspace: '/h/.openclaw-a/workspace',
  mcpSandboxPort: null,
  canvasPort: null,
  pinnedCdpUrl: null,
  browserProfiles: [{ name: 'work', cdpPort: 21050, cdpUrl: null }],
} as unknown as ProfileConfig;

describe('provisioning patches', () => {
  it('an edit becomes a JSON merge patch and the config it will read as', () => {
    const { patch, draft } = updatePatch(base, {
      name: 'a',
      port: 21200,
      browserProfiles: { work: { cdpPort: null }, remote: { cdpUrl: 'http://10.0.0.5:9222' } },
    });
    expect(patch).toEqual({
      gateway: { port: 21200 },
      browser: { profiles: { work: { cdpPort: null }, remote: { cdpUrl: 'http://10.0.0.5:9222' } } },
    });
    expect(draft.port).toBe(21200);
    expect(draft.browserProfiles).toEqual([
      { name: 'work', cdpPort: null, cdpUrl: null },
      { name: 'remote', cdpPort: null, cdpUrl: 'http://10.0.0.5:9222' },
    ]);
    expect(base.browserProfiles[0]?.cdpPort).toBe(21050); // the current config is left as it is
  });

  it('sets browser.noSandbox (Chrome refuses to run as root with its sandbox) through the same patch', () => {
    expect(updatePatch(base, { name: 'a', browserNoSandbox: true }).patch).toEqual({ browser: { noSandbox: true } });
  });

  it('an edit that changes nothing is an empty patch', () => {
    expect(updatePatch(base, { name: 'a' }).patch).toEqual({});
  });

  it('a clone moves explicit CDP ports and loopback URLs with the base, drops a pinned loopback cdpUrl, keeps a remote one', () => {
    const source = {
      ...base,
      pinnedCdpUrl: 'http://127.0.0.1:21011',
      browserProfiles: [
        { name: 'work', cdpPort: 21050, cdpUrl: null },
        { name: 'local', cdpPort: null, cdpUrl: 'ws://127.0.0.1:21060/devtools' },
        { name: 'edge', cdpPort: 65500, cdpUrl: null },
      ],
    } as ProfileConfig;
    expect(clonePatch(source, 120)).toEqual({
      browser: {
        profiles: {
          work: { cdpPort: 21170 },
          local: { cdpUrl: 'ws://127.0.0.1:21180/devtools' },
          edge: {},
        },
      },
    });
    expect(
      clonePatch({ ...source, browserProfiles: [], pinnedCdpUrl: 'http://10.0.0.5:9222' } as ProfileConfig, 120),
    ).toEqual({
      browser: { cdpUrl: 'http://10.0.0.5:9222' },
    });
  });
});
