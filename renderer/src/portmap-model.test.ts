import { describe, expect, it } from 'vitest';
import { analyzePorts } from '../../electron/ports/common/conflicts.ts';
import type { PortProfile } from '../../electron/ports/common/ports.ts';
import { axisTicks, clashOf, portMapModel, portMapTable } from './portmap-model.ts';

const profile = (name: string, port: number, extra: Partial<PortProfile> = {}): PortProfile => ({
  name,
  port,
  stateDir: `/h/.openclaw-${name}`,
  configPath: `/h/.openclaw-${name}/openclaw.json`,
  workspace: null,
  ...extra,
});

const modelOf = (profiles: PortProfile[], extra: Partial<Parameters<typeof portMapModel>[0]> = {}) =>
  portMapModel({ profiles, findings: analyzePorts(profiles), listeners: [], ...extra });

const row = (model: ReturnType<typeof portMapModel>, name: string, ghost = false) =>
  model.rows.find((r) => r.profile === name && r.ghost === ghost);

describe('portMapModel', () => {
  it('The port map does not re-zoom on every keystroke: the view is the saved profiles’, whatever is typed', () => {
    const profiles = [profile('alpha', 21000), profile('beta', 21200)];
    const view = modelOf(profiles).domain;
    for (const typed of [2, 21, 214, 2140, 21400, 21050]) {
      const draft = profile('alpha', typed);
      const model = modelOf(profiles, { draft });
      expect(model.domain, `typed ${typed}`).toEqual(view);
      // A draft outside the view says so instead of moving it; inside it, it is drawn as a ghost.
      expect(model.draftOutside, `typed ${typed}`).toBe(typed + 110 < view.from || typed > view.to);
      expect(Boolean(row(model, 'alpha', true)), `typed ${typed}`).toBe(!model.draftOutside);
    }
    // Zoomed to the profile, the view is its saved block too.
    const zoomed = modelOf(profiles, { focus: 'alpha' }).domain;
    expect(modelOf(profiles, { focus: 'alpha', draft: profile('alpha', 21030) }).domain).toEqual(zoomed);
  });

  it('draws each footprint in its parts, and explicit ports as ticks', () => {
    const model = modelOf([profile('alpha', 20000, { cdpPorts: [{ browserProfile: 'work', port: 20500 }] })]);
    const alpha = row(model, 'alpha');
    expect(alpha?.parts.map((p) => [p.use, p.from, p.to])).toEqual([
      ['gateway', 20000, 20000],
      ['mcp-sandbox', 20001, 20001],
      ['browser-control', 20002, 20002],
      ['relays', 20003, 20010],
      ['cdp-range', 20011, 20110],
    ]);
    expect(alpha?.ticks).toEqual([
      { from: 20500, to: 20500, use: 'cdp-explicit', label: 'CDP of browser profile work' },
    ]);
    expect(model.domain.from).toBeLessThan(20000);
    expect(model.domain.to).toBeGreaterThan(20500);
  });

  it('only the overlapping ports are red: the clash equals the computed overlap, on both rows', () => {
    const model = modelOf([profile('alpha', 20050), profile('beta', 20000), profile('gamma', 30000)]);
    for (const name of ['alpha', 'beta']) {
      expect(row(model, name)?.clashes).toEqual([
        expect.objectContaining({ from: 20050, to: 20110, owners: ['alpha', 'beta'] }),
      ]);
    }
    expect(row(model, 'alpha')?.clashes[0]?.title).toMatch(/^Ports 20050–20110 clash: used by alpha and beta\./);
    expect(row(model, 'gamma')?.clashes).toEqual([]);
  });

  it('a shared base reddens the whole block; an explicit port inside another block, that one port', () => {
    const same = modelOf([profile('alpha', 20000), profile('beta', 20000)]);
    expect(row(same, 'beta')?.clashes.map((c) => [c.from, c.to])).toEqual([[20000, 20110]]);
    const inside = modelOf([
      profile('alpha', 20000),
      profile('beta', 21000, { cdpPorts: [{ browserProfile: 'work', port: 20050 }] }),
    ]);
    expect(row(inside, 'alpha')?.clashes.map((c) => [c.from, c.to])).toEqual([[20050, 20050]]);
    expect(row(inside, 'beta')?.clashes.map((c) => [c.from, c.to])).toEqual([[20050, 20050]]);
  });

  it('warnings are not red', () => {
    const model = modelOf([profile('alpha', 20000), profile('beta', 20115)]);
    expect(model.rows.flatMap((r) => r.clashes)).toEqual([]);
  });

  it('live listeners: own in the profile row, foreign ones in its row and in the other-processes lane', () => {
    const profiles = [profile('alpha', 20000), profile('beta', 20200)];
    const model = modelOf(profiles, {
      listeners: [
        { port: 20000, pid: 10, command: 'node', profile: 'alpha' },
        { port: 20230, pid: 77, command: 'python3 -m http.server' },
        { port: 20150, pid: null, command: null },
        { port: 65000, pid: 5, command: 'far away' },
      ],
    });
    expect(row(model, 'alpha')?.marks).toEqual([
      { port: 20000, own: true, title: "20000: alpha's gateway listens (pid 10)" },
    ]);
    expect(row(model, 'beta')?.marks).toEqual([
      {
        port: 20230,
        own: false,
        title: "20230: pid 77 (python3 -m http.server) listens here, inside beta's ports",
      },
    ]);
    expect(model.foreign.map((m) => m.port)).toEqual([20230, 20150]);
  });

  it("shades the OS's ephemeral range and OpenClaw's default ports, clipped to the view", () => {
    const model = modelOf([profile('alpha', 18700), profile('beta', 32700)], {
      ephemeral: { from: 32768, to: 60999 },
    });
    expect(model.shades.map((s) => [s.kind, s.from, s.to])).toEqual([
      ['ephemeral', 32768, model.domain.to],
      ['default', 18789, 18899],
      ['default', 19001, 19111],
    ]);
    const far = modelOf([profile('alpha', 25000)], { ephemeral: { from: 32768, to: 60999 } });
    expect(far.shades).toEqual([]);
  });

  it("the editor's draft is a ghost row under its faded saved self, and carries the draft's clashes", () => {
    const alpha = profile('alpha', 21000);
    const beta = profile('beta', 20000);
    const draft = { ...alpha, port: 20060 };
    const model = portMapModel({
      profiles: [alpha, beta],
      findings: analyzePorts([draft, beta]),
      listeners: [{ port: 21000, pid: 3, command: 'node', profile: 'alpha' }],
      draft,
    });
    expect(model.rows.map((r) => [r.profile, r.ghost, r.replaced, r.base])).toEqual([
      ['alpha', false, true, 21000],
      ['alpha', true, false, 20060],
      ['beta', false, false, 20000],
    ]);
    expect(row(model, 'alpha')?.clashes).toEqual([]);
    expect(row(model, 'alpha')?.marks.map((m) => m.port)).toEqual([21000]);
    expect(row(model, 'alpha', true)?.clashes.map((c) => [c.from, c.to])).toEqual([[20060, 20110]]);
    // A draft that changes nothing draws no ghost.
    expect(modelOf([alpha, beta], { draft: alpha }).rows).toHaveLength(2);
  });

  it('zoom to a profile: its block and what lies around it, the rest counted as hidden', () => {
    const model = modelOf([profile('alpha', 20000), profile('beta', 20080), profile('gamma', 40000)], {
      focus: 'alpha',
    });
    expect(model.domain).toEqual({ from: 19956, to: 20154 });
    expect(model.rows.map((r) => r.profile)).toEqual(['alpha', 'beta']);
    expect(model.hiddenRows).toBe(1);
  });

  it('skips profiles whose base port is not a number', () => {
    expect(modelOf([profile('alpha', NaN)]).rows).toEqual([]);
  });
});

describe('clashOf', () => {
  it('ignores findings that are not port clashes', () => {
    expect(
      clashOf({
        kind: 'tight-spacing',
        severity: 'warning',
        profiles: ['a', 'b'],
        ports: [1, 2],
        message: '',
        fix: '',
      }),
    ).toBeNull();
  });
});

describe('axisTicks', () => {
  it('round steps of 1, 2 or 5 times a power of ten', () => {
    expect(axisTicks({ from: 19956, to: 20154 }, 5)).toEqual([20000, 20050, 20100, 20150]);
    expect(axisTicks({ from: 18000, to: 45000 }, 6)).toEqual([20000, 25000, 30000, 35000, 40000, 45000]);
    expect(axisTicks({ from: 5, to: 5 }, 4)).toEqual([]);
  });
});

describe('portMapTable', () => {
  it('says the same as the picture, part by part', () => {
    const lines = portMapTable(modelOf([profile('alpha', 20050), profile('beta', 20000)]));
    expect(lines).toContainEqual({
      profile: 'alpha',
      part: 'managed Chrome CDP range',
      ports: '20061–20160',
      note: 'clash 20061–20110 with beta',
    });
    expect(lines).toContainEqual({ profile: 'beta', part: 'gateway (WebSocket + HTTP)', ports: '20000', note: '' });
  });
});
