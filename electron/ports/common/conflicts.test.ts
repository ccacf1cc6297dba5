import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GROUP_ABOVE } from './clashes.ts';
import { analyzePorts, PortIndex, suggestBasePort } from './conflicts.ts';
import { findingKinds as kinds, portProfile as profile } from './fixtures.ts';
import type { PortProfile } from './ports.ts';

describe('conflict findings', () => {
  it('finds nothing wrong with well-spaced profiles', () => {
    expect(analyzePorts([profile('a', 30000), profile('b', 30120), profile('c', 40000)])).toEqual([]);
  });

  it('reports invalid base ports and keeps them out of range checks', () => {
    const findings = analyzePorts([
      profile('a', 80),
      profile('b', 65500),
      profile('c', 1.5),
      profile('d', NaN),
      profile('e', 30000),
    ]);
    expect(kinds(findings)).toEqual([
      'error:invalid-port:a',
      'error:invalid-port:b',
      'error:invalid-port:c',
      'error:invalid-port:d',
    ]);
    expect(findings[1]?.message).toMatch(/at most 65425/);
  });

  it('tells the same base, overlapping footprints and tight spacing apart', () => {
    expect(kinds(analyzePorts([profile('a', 30000), profile('b', 30000)]))).toEqual(['error:same-base:a+b']);
    const overlap = analyzePorts([profile('a', 30000), profile('b', 30050)]);
    expect(kinds(overlap)).toEqual(['error:footprint-overlap:a+b']);
    expect(overlap[0]?.ports).toEqual([30050, 30110]);
    expect(kinds(analyzePorts([profile('a', 30000), profile('b', 30115)]))).toEqual(['warning:tight-spacing:a+b']);
    expect(analyzePorts([profile('a', 30000), profile('b', 30120)])).toEqual([]);
  });

  it('the seeds’ spacing of 20 is an overlap', () => {
    expect(kinds(analyzePorts([profile('main', 18800), profile('rescue', 18820)]))).toEqual([
      'error:footprint-overlap:main+rescue',
    ]);
  });

  it('finds explicit CDP ports, legacy canvas and pinned cdpUrl inside another footprint', () => {
    const findings = analyzePorts([
      profile('a', 30000, { cdpPorts: [{ browserProfile: 'work', port: 31050 }] }),
      profile('b', 31000, { canvasPort: 30004 }),
      profile('c', 32000, { pinnedCdpUrl: 'http://127.0.0.1:31100' }),
    ]);
    expect(kinds(findings)).toEqual([
      'error:port-in-footprint:a+b',
      'error:port-in-footprint:a+b',
      'error:port-in-footprint:b+c',
    ]);
    expect(findings.map((f) => f.ports[0])).toEqual([31050, 30004, 31100]);
  });

  it('finds equal explicit CDP ports and equal pinned cdpUrl', () => {
    const findings = analyzePorts([
      profile('a', 30000, { cdpPorts: [{ browserProfile: 'w', port: 45000 }], pinnedCdpUrl: 'http://10.1.1.1:9222/' }),
      profile('b', 31000, { cdpPorts: [{ browserProfile: 'x', port: 45000 }], pinnedCdpUrl: 'HTTP://10.1.1.1:9222' }),
      profile('c', 32000, {
        cdpPorts: [
          { browserProfile: 'p', port: 46000 },
          { browserProfile: 'q', port: 46000 },
        ],
      }),
    ]);
    expect(kinds(findings)).toEqual(['error:same-cdp-url:a+b', 'error:same-port:a+b', 'error:same-port:c']);
  });

  it('finds shared state dir, config and workspace', () => {
    const findings = analyzePorts([
      profile('a', 30000),
      profile('b', 31000, {
        configPath: '/home/u/.openclaw-a/openclaw.json',
        workspace: '/home/u/.openclaw-a/workspace/',
      }),
      profile('c', 32000, { stateDir: '/home/u/.openclaw-a' }),
    ]);
    expect(kinds(findings)).toEqual([
      'error:shared-config:a+b',
      'error:shared-state-dir:a+c',
      'error:shared-workspace:a+b',
    ]);
  });

  it('warns of the default-port fallback and includes the default and dev footprints', () => {
    const findings = analyzePorts([
      profile('default', null, { stateDir: '/home/u/.openclaw' }),
      profile('dev', 25000),
      profile('near', 18900),
      profile('main', null),
    ]);
    expect(kinds(findings)).toEqual([
      'error:footprint-overlap:dev+near',
      'warning:default-port:default',
      'warning:default-port:main',
      'warning:tight-spacing:default+near',
    ]);
  });

  it('names the holder of a live listener, and ignores the profile’s own gateway', () => {
    const findings = analyzePorts(
      [profile('a', 30000), profile('b', 31000)],
      [
        { port: 30000, pid: 4242, command: 'python3 -m http.server', profile: null },
        { port: 31011, pid: 77, command: 'chromium', profile: null },
        { port: 31000, pid: 99, command: 'openclaw-gateway', profile: 'b' },
      ],
    );
    expect(kinds(findings)).toEqual(['error:live-listener:a', 'warning:live-listener:b']);
    expect(findings[0]?.message).toBe("pid 4242 (python3 -m http.server) already listens on 30000, a's base port");
  });

  it('answers for one edited profile what the full analysis says about it', () => {
    const others = [profile('a', 30000), profile('b', 30300, { cdpPorts: [{ browserProfile: 'w', port: 30550 }] })];
    const index = new PortIndex(others);
    const draft = profile('c', 30500);
    const viaIndex = index.findingsFor(draft);
    const full = analyzePorts([...others, draft]).filter((f) => f.profiles.includes('c'));
    expect(viaIndex).toEqual(full);
    expect(kinds(viaIndex)).toEqual(['error:port-in-footprint:b+c']);
    // Editing an indexed profile replaces it rather than clashing with its old self.
    expect(index.findingsFor(profile('a', 30010))).toEqual([]);
  });
});

const arbitraryProfiles = (max: number) =>
  fc
    .uniqueArray(
      fc.record({
        name: fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/),
        port: fc.oneof(fc.integer({ min: 1024, max: 65425 }), fc.constant(null), fc.integer({ min: 0, max: 70000 })),
        cdp: fc.array(fc.integer({ min: 1024, max: 65535 }), { maxLength: 2 }),
        canvas: fc.option(fc.integer({ min: 1024, max: 65535 })),
        pinned: fc.option(fc.constantFrom('http://127.0.0.1:9222', 'http://10.0.0.2:9222', 'ws://localhost:40000')),
        workspace: fc.option(fc.constantFrom('/w', '/w/', '//w/a', '/w/a/b', '/w-a', '~/w', 'rel', '/')),
      }),
      { maxLength: max, selector: (p) => p.name },
    )
    .map((list) =>
      list.map((p) =>
        profile(p.name, p.port, {
          cdpPorts: p.cdp.map((port, i) => ({ browserProfile: `b${i}`, port })),
          canvasPort: p.canvas,
          pinnedCdpUrl: p.pinned,
          ...(p.workspace === null ? {} : { workspace: p.workspace }),
        }),
      ),
    );

const arbitraryListeners = fc.array(
  fc.record({
    port: fc.integer({ min: 1024, max: 65535 }),
    pid: fc.integer({ min: 2, max: 99999 }),
    command: fc.constant('x'),
  }),
  { maxLength: 5 },
);

describe('properties', () => {
  it('a suggested base never produces an error finding', () => {
    fc.assert(
      fc.property(
        arbitraryProfiles(30),
        arbitraryListeners,
        fc.integer({ min: 0, max: 70000 }),
        (profiles, listeners, near) => {
          const port = suggestBasePort(profiles, listeners, { near });
          fc.pre(port !== null);
          const fresh = profile('zzfresh', port);
          const errors = new PortIndex(profiles, listeners)
            .findingsFor(fresh)
            .filter((f) => f.severity === 'error' && f.ports.length > 0);
          expect(errors).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('findings are symmetric: the order of the profiles does not matter', () => {
    fc.assert(
      fc.property(
        arbitraryProfiles(25).chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
        ),
        ([list, shuffled]) => {
          expect(analyzePorts(shuffled)).toEqual(analyzePorts(list));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the index answers for one profile what the full analysis says about it', () => {
    fc.assert(
      fc.property(arbitraryProfiles(12), (list) => {
        fc.pre(list.length > 1);
        const [draft, ...others] = list as [PortProfile, ...PortProfile[]];
        const full = analyzePorts([...others, draft], [], { home: '/w' }).filter((f) =>
          f.profiles.includes(draft.name),
        );
        expect(new PortIndex(others, [], { home: '/w' }).findingsFor(draft)).toEqual(full);
      }),
      { numRuns: 300 },
    );
  });

  it('a pair finding is the same whichever profile is edited', () => {
    fc.assert(
      fc.property(arbitraryProfiles(2), (list) => {
        fc.pre(list.length === 2);
        const [a, b] = list as [PortProfile, PortProfile];
        const fromA = new PortIndex([b]).findingsFor(a).filter((f) => f.profiles.length === 2);
        const fromB = new PortIndex([a]).findingsFor(b).filter((f) => f.profiles.length === 2);
        expect(fromA).toEqual(fromB);
      }),
      { numRuns: 300 },
    );
  });

  it('analysis of 1,000 random profiles never throws', () => {
    fc.assert(
      fc.property(arbitraryProfiles(1000), arbitraryListeners, (profiles, listeners) => {
        expect(Array.isArray(analyzePorts(profiles, listeners))).toBe(true);
      }),
      { numRuns: 5 },
    );
  });
});

describe('crowded port ranges', () => {
  // 13 profiles 10 apart: each shares ports with the neighbours within 110 of it, 77 pairs in all.
  const crowd = Array.from({ length: 13 }, (_, i) => profile(`p${String(i).padStart(2, '0')}`, 30000 + 10 * i));

  it('more than GROUP_ABOVE overlapping footprints are one finding that names them all and says how many fit', () => {
    const findings = analyzePorts([...crowd, profile('tight', 30235), profile('far', 40000)]);
    expect(kinds(findings)).toEqual([
      `error:footprint-overlap:${crowd.map((p) => p.name).join('+')}`,
      'warning:tight-spacing:p12+tight',
    ]);
    expect(findings[0]?.ports).toEqual([30000, 30230]);
    expect(findings[0]?.message).toBe(
      '13 profiles crowd ports 30000–30230 (p00, p01, p02 and 10 more): 77 pairs of them share ports',
    );
    expect(findings[0]?.fix).toMatch(/30000–30120 holds 2 of them that way, so move the other 11 elsewhere/);
  });

  it('up to GROUP_ABOVE overlapping footprints keep a finding per pair', () => {
    const twelve = crowd.slice(0, GROUP_ABOVE);
    const findings = analyzePorts(twelve);
    expect(findings.every((f) => f.profiles.length === 2)).toBe(true);
    expect(findings.length).toBeGreaterThan(GROUP_ABOVE);
  });

  it('a draft that joins a crowd gets the crowd’s finding, as the full analysis would say', () => {
    const draft = profile('zdraft', 30125);
    const full = analyzePorts([...crowd, draft]).filter((f) => f.profiles.includes('zdraft'));
    expect(new PortIndex(crowd).findingsFor(draft)).toEqual(full);
    expect(full).toHaveLength(1);
    // Its old self, indexed under the same name, is left out of the crowd.
    expect(new PortIndex([...crowd, profile('zdraft', 30300)]).findingsFor(draft)).toEqual(full);
  });

  it('the index answers for a draft in a crowd what the full analysis says', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 2, maxLength: 30 }),
        (ids, offsets) => {
          const list = ids.map((id, i) => profile(`q${id}`, 30000 + (offsets[i % offsets.length] as number)));
          const [draft, ...others] = list as [PortProfile, ...PortProfile[]];
          const full = analyzePorts([...others, draft]).filter((f) => f.profiles.includes(draft.name));
          expect(new PortIndex(others).findingsFor(draft)).toEqual(full);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the OS's ephemeral port range", () => {
  const linux = { from: 32768, to: 60999 };

  it('a footprint that overlaps the range is a warning with its fix', () => {
    const findings = analyzePorts([profile('a', 32700), profile('b', 20000)], [], { ephemeral: linux });
    expect(findings).toEqual([
      {
        kind: 'ephemeral-range',
        severity: 'warning',
        profiles: ['a'],
        ports: [32768, 32810],
        message:
          "a's ports 32700–32810 overlap the OS's ephemeral range 32768–60999: an outgoing connection can take 32768–32810 at any moment",
        fix: "Move a's base port below 32658 or above 60999 (use the suggested port).",
      },
    ]);
    expect(analyzePorts([profile('a', 32700)])).toEqual([]);
  });
});
