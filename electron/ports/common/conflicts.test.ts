import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePorts, GROUP_ABOVE, nearestFree, PortIndex, suggestBasePort, type Finding } from './conflicts.ts';
import { ephemeralRangeOf, type PortProfile } from './ports.ts';

const profile = (name: string, port: number | null, extra: Partial<PortProfile> = {}): PortProfile => ({
  name,
  port,
  stateDir: `/home/u/.openclaw-${name}`,
  configPath: `/home/u/.openclaw-${name}/openclaw.json`,
  workspace: `/home/u/.openclaw-${name}/workspace`,
  ...extra,
});

const kinds = (findings: Finding[]) => findings.map((f) => `${f.severity}:${f.kind}:${f.profiles.join('+')}`);

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

describe('field defects (issue 10)', () => {
  it('a cdpPort equal to the profile’s own base or base+2 is refused, naming the span it hit', () => {
    const own = (port: number) =>
      new PortIndex([]).findingsFor(profile('work', 20000, { cdpPorts: [{ browserProfile: 'w1', port }] }));
    expect(own(20002).map((f) => [f.kind, f.severity, f.message])).toEqual([
      [
        'port-in-footprint',
        'error',
        "work's browser.profiles.w1.cdpPort 20002 is inside work's footprint 20000–20110 (browser control base+2)",
      ],
    ]);
    expect(own(20000)[0]?.message).toMatch(
      /inside work's footprint 20000–20110 \(gateway \(WebSocket \+ HTTP\) base\)/,
    );
    expect(own(20005)[0]?.message).toMatch(/\(extension relays base\+3–base\+10\)$/);
    // OpenClaw's own `browser create-profile` allocates explicit cdpPorts in the CDP range base+11 … base+110.
    expect(own(20011)).toEqual([]);
    expect(own(20110)).toEqual([]);
    expect(own(20111)).toEqual([]);
  });

  it('a loopback cdpUrl into the own footprint is refused; legacy canvas at base+4 and sandbox at base+1 are not', () => {
    expect(
      kinds(analyzePorts([profile('a', 30000, { cdpUrls: [{ browserProfile: 'x', url: 'http://localhost:30005' }] })])),
    ).toEqual(['error:port-in-footprint:a']);
    expect(analyzePorts([profile('a', 30000, { canvasPort: 30004, mcpSandboxPort: 30001 })])).toEqual([]);
    expect(kinds(analyzePorts([profile('a', 30000, { mcpSandboxPort: 30002 })]))).toEqual([
      'error:port-in-footprint:a',
    ]);
  });

  it('a port inside another profile’s footprint names that profile’s span', () => {
    const [finding] = analyzePorts([
      profile('a', 30000),
      profile('b', 31000, { cdpPorts: [{ browserProfile: 'w', port: 30005 }] }),
    ]);
    expect(finding?.message).toBe(
      "b's browser.profiles.w.cdpPort 30005 is inside a's footprint 30000–30110 (extension relays base+3–base+10)",
    );
  });

  it('a workspace given as ~/ws/ is the same workspace as /home/u/ws', () => {
    const findings = analyzePorts(
      [profile('a', 30000, { workspace: '/home/u/ws' }), profile('b', 31000, { workspace: '~/ws/' })],
      [],
      { home: '/home/u' },
    );
    expect(kinds(findings)).toEqual(['error:shared-workspace:a+b']);
    expect(findings[0]?.message).toBe('a and b share the workspace /home/u/ws');
  });

  it('a workspace given as //home/u/ws or with dots is the same workspace', () => {
    expect(
      kinds(
        analyzePorts([
          profile('a', 30000, { workspace: '//home/u/ws' }),
          profile('b', 31000, { workspace: '/home/u/x/../ws/.' }),
        ]),
      ),
    ).toEqual(['error:shared-workspace:a+b']);
  });

  it('a workspace inside another profile’s workspace is a finding', () => {
    const findings = analyzePorts([
      profile('a', 30000, { workspace: '/home/u/ws' }),
      profile('b', 31000, { workspace: '/home/u/ws/sub/' }),
      profile('c', 32000, { workspace: '/home/u/ws-other' }),
    ]);
    expect(kinds(findings)).toEqual(['error:shared-workspace:a+b']);
    expect(findings[0]?.message).toBe("b's workspace /home/u/ws/sub is inside a's workspace /home/u/ws");
  });

  it('a state dir inside another profile’s state dir is a finding; .openclaw and .openclaw-a are siblings', () => {
    expect(analyzePorts([profile('default', 18789, { stateDir: '/home/u/.openclaw' }), profile('a', 30000)])).toEqual(
      [],
    );
    expect(
      kinds(analyzePorts([profile('a', 30000), profile('b', 31000, { stateDir: '/home/u/.openclaw-a/nested' })])),
    ).toEqual(['error:shared-state-dir:a+b']);
  });

  it('the older layout ~/.openclaw/workspace-<p> is not a clash with the default profile', () => {
    const findings = analyzePorts(
      [
        profile('default', 18789, { stateDir: '/home/u/.openclaw', workspace: '~/.openclaw/workspace' }),
        profile('rescue', 30000, { workspace: '~/.openclaw/workspace-rescue' }),
      ],
      [],
      { home: '/home/u' },
    );
    expect(findings).toEqual([]);
  });

  it('a relative workspace read from a config is reported, never compared', () => {
    expect(
      kinds(analyzePorts([profile('a', 30000, { workspace: 'ws' }), profile('b', 31000, { workspace: 'ws' })])),
    ).toEqual(['warning:relative-path:a', 'warning:relative-path:b']);
  });

  it('Windows paths compare case-insensitively', () => {
    expect(
      kinds(
        analyzePorts([
          profile('a', 30000, { workspace: 'C:\\Users\\U\\ws' }),
          profile('b', 31000, { workspace: 'c:/users/u/ws/' }),
        ]),
      ),
    ).toEqual(['error:shared-workspace:a+b']);
  });

  it('the editor’s view of one profile’s paths equals the full analysis', () => {
    const others = [
      profile('a', 30000, { workspace: '/w' }),
      profile('b', 31000, { workspace: '/w/b' }),
      profile('c', 32000, { workspace: '/w/b/c' }),
    ];
    for (const workspace of ['/w', '/w/b', '/w/b/c/d', '/', '/x']) {
      const draft = profile('d', 33000, { workspace });
      const full = analyzePorts([...others, draft]).filter((f) => f.profiles.includes('d'));
      expect(new PortIndex(others).findingsFor(draft), workspace).toEqual(full);
    }
  });
});

describe('base port suggestion', () => {
  it('keeps the recommended spacing, the defaults and live listeners clear', () => {
    expect(suggestBasePort([], [], { near: 30000 })).toBe(30000);
    expect(suggestBasePort([profile('a', 30000)], [], { near: 30000 })).toBe(30120);
    expect(suggestBasePort([profile('a', 30000)], [], { near: 29950 })).toBe(29880);
    expect(suggestBasePort([], [{ port: 30050, pid: 1, command: null }], { near: 30000 })).toBe(30051);
    expect(suggestBasePort([], [], { near: 18800 })).toBe(18669);
    expect(suggestBasePort([profile('a', 30000)], [], { near: 30000, exclude: 'a' })).toBe(30000);
  });

  it('merges blocked intervals and stays in range', () => {
    expect(
      nearestFree(
        [
          [10, 20],
          [15, 30],
        ],
        12,
        0,
        100,
      ),
    ).toBe(9);
    expect(nearestFree([[0, 50]], 10, 0, 100)).toBe(51);
    expect(nearestFree([[0, 100]], 10, 0, 100)).toBeNull();
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

  it('suggested ports land inside the ephemeral range: every derived port of a suggestion stays outside it', () => {
    expect(suggestBasePort([], [], { near: 40000, ephemeral: linux })).toBe(32768 - 110 - 1);
    expect(suggestBasePort([], [], { near: 60000, ephemeral: linux })).toBe(61000);
    expect(suggestBasePort([], [], { near: 32700, ephemeral: linux })).toBe(32657);
    expect(suggestBasePort([], [], { near: 20000, ephemeral: linux })).toBe(20000);
    // macOS and Windows: nothing above 49151 - 110 fits.
    expect(suggestBasePort([], [], { near: 50000, ephemeral: ephemeralRangeOf('darwin') })).toBe(49152 - 111);
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 65425 }), (near) => {
        const base = suggestBasePort([profile('a', 32600)], [], { near, ephemeral: linux });
        return base === null || base + 110 < linux.from || base > linux.to;
      }),
    );
  });

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

  it('reads the range the OS reports, else the platform’s usual one', () => {
    expect(ephemeralRangeOf('linux', '1024\t4999\n')).toEqual({ from: 1024, to: 4999 });
    expect(ephemeralRangeOf('linux', null)).toEqual({ from: 32768, to: 60999 });
    expect(ephemeralRangeOf('linux', 'garbage')).toEqual({ from: 32768, to: 60999 });
    expect(ephemeralRangeOf('win32')).toEqual({ from: 49152, to: 65535 });
    expect(ephemeralRangeOf('aix')).toBeNull();
  });
});
