import { describe, expect, it } from 'vitest';
import { analyzePorts, PortIndex } from './conflicts.ts';
import { findingKinds as kinds, portProfile as profile } from './fixtures.ts';

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
