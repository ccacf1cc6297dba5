import { describe, expect, it } from 'vitest';
import {
  MAX_BASE_PORT,
  baseProblem,
  effectiveBasePort,
  ephemeralRangeOf,
  fnv1a32,
  footprintOf,
  hashDefaultPort,
  loopbackPortOf,
  relayLayoutOf,
} from './ports.ts';

describe('default ports', () => {
  it('follows the FNV rule measured on the real OpenClaw', () => {
    expect(hashDefaultPort('main')).toBe(23592);
    expect(hashDefaultPort('rescue')).toBe(23532);
    expect(hashDefaultPort('ops')).toBe(55291);
    expect(hashDefaultPort('work')).toBe(41984);
    expect(hashDefaultPort('Main')).toBe(25544);
    expect(hashDefaultPort('a')).toBe(22220);
  });

  it('hashes UTF-8 bytes', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('é')).not.toBe(fnv1a32('\u00e9'.normalize('NFD')));
  });

  it('knows the default and dev profiles', () => {
    expect(effectiveBasePort('default', null)).toEqual({ port: 18789, source: 'default' });
    expect(effectiveBasePort('dev', 30000)).toEqual({ port: 19001, source: 'dev' });
    expect(effectiveBasePort('main', null)).toEqual({ port: 23592, source: 'hash' });
    expect(effectiveBasePort('main', 40000)).toEqual({ port: 40000, source: 'config' });
  });
});

describe('footprint', () => {
  const base = { name: 'alpha', port: 41000, stateDir: '/s', configPath: '/s/openclaw.json', workspace: null };

  it('spans base … base+110 with the derived ports', () => {
    const footprint = footprintOf(base);
    expect(footprint.block).toEqual({ from: 41000, to: 41110 });
    expect(footprint.spans.map((s) => [s.use, s.from, s.to])).toEqual([
      ['gateway', 41000, 41000],
      ['mcp-sandbox', 41001, 41001],
      ['browser-control', 41002, 41002],
      ['relays', 41003, 41010],
      ['cdp-range', 41011, 41110],
    ]);
  });

  it('adds explicit CDP ports, loopback CDP URLs, the sandbox override and legacy canvas', () => {
    const footprint = footprintOf({
      ...base,
      mcpSandboxPort: 50000,
      cdpPorts: [{ browserProfile: 'work', port: 50010 }],
      cdpUrls: [
        { browserProfile: 'remote', url: 'http://10.0.0.5:9222' },
        { browserProfile: 'local', url: 'http://localhost:9333/' },
      ],
      pinnedCdpUrl: 'http://127.0.0.1:9444',
      canvasPort: 41004,
    });
    const extra = footprint.spans.filter((s) => !['gateway', 'browser-control', 'relays', 'cdp-range'].includes(s.use));
    expect(extra.map((s) => [s.use, s.from])).toEqual([
      ['mcp-sandbox', 50000],
      ['cdp-explicit', 50010],
      ['cdp-url', 9333],
      ['cdp-url', 9444],
      ['canvas', 41004],
    ]);
  });

  it('reads loopback ports from URLs only', () => {
    expect(loopbackPortOf('http://127.0.0.1:9222')).toBe(9222);
    expect(loopbackPortOf('ws://[::1]:9000/devtools')).toBe(9000);
    expect(loopbackPortOf('http://localhost')).toBe(80);
    expect(loopbackPortOf('https://chrome.example.com:9222')).toBeNull();
    expect(loopbackPortOf('nonsense')).toBeNull();
  });
});

describe("the OS's ephemeral port range", () => {
  it('reads the range the OS reports, else the platform’s usual one', () => {
    expect(ephemeralRangeOf('linux', '1024\t4999\n')).toEqual({ from: 1024, to: 4999 });
    expect(ephemeralRangeOf('linux', null)).toEqual({ from: 32768, to: 60999 });
    expect(ephemeralRangeOf('linux', 'garbage')).toEqual({ from: 32768, to: 60999 });
    expect(ephemeralRangeOf('win32')).toEqual({ from: 49152, to: 65535 });
    expect(ephemeralRangeOf('aix')).toBeNull();
  });
});

describe('the footprint follows the version that will run', () => {
  const base = { name: 'alpha', port: 41000, stateDir: '/s', configPath: '/s/openclaw.json', workspace: null };
  const relays = (version: string | null) =>
    footprintOf({ ...base, relays: relayLayoutOf(version) })
      .spans.filter((s) => s.use === 'relays')
      .map((s) => [s.from, s.to]);

  it('a band base+3…base+10 since 2026.8.1 (and when unknown), none on 2026.4.27, base+3 alone before 2026.4', () => {
    expect(relays('2026.9.6')).toEqual([[41003, 41010]]);
    expect(relays('2026.8.1')).toEqual([[41003, 41010]]);
    expect(relays(null)).toEqual([[41003, 41010]]);
    expect(relays('not a version')).toEqual([[41003, 41010]]);
    expect(relays('2026.4.27')).toEqual([]);
    expect(relays('v2026.7.30')).toEqual([]);
    expect(relays('2026.3.2')).toEqual([[41003, 41003]]);
    // The block is the same whatever the relays: base … base+110.
    expect(footprintOf({ ...base, relays: 'none' }).block).toEqual({ from: 41000, to: 41110 });
  });

  it('refuses a base above 65425, saying that OpenClaw would move the CDP range onto the default profile’s', () => {
    expect(baseProblem(MAX_BASE_PORT)).toBeNull();
    expect(MAX_BASE_PORT).toBe(65425);
    expect(baseProblem(65426)).toMatch(/falls back to 18800–18899, the default profile's$/);
  });
});
