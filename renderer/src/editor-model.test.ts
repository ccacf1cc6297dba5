import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../electron/contract/contract.ts';
import { footprintOf, type PortProfile } from '../../electron/ports/common/ports.ts';
import {
  editorFindings,
  fieldProblems,
  formOf,
  othersIndex,
  portFromText,
  portOffer,
  updateArgsOf,
  type EditorForm,
} from './editor-model.ts';

const view = (name: string, port: number, extra: Partial<PortProfile> = {}): ProfileView => {
  const base: PortProfile = {
    name,
    port,
    stateDir: `/h/.openclaw-${name}`,
    configPath: `/h/.openclaw-${name}/openclaw.json`,
    workspace: `/h/.openclaw-${name}/workspace`,
    ...extra,
  };
  return {
    ...base,
    effectivePort: port,
    portSource: 'config',
    configured: true,
    configError: null,
    footprint: footprintOf(base),
    flags: { autostart: false, restartOnCrash: true, color: null, notes: '', mcpActions: false, openclawRuntime: null },
    browserProfiles: [],
  };
};

describe("the editor's live findings", () => {
  const alpha = view('alpha', 40000);
  const beta = view('beta', 40120);
  const index = othersIndex(
    [alpha, beta],
    [{ port: 40000, pid: 10, command: 'openclaw-gateway', profile: 'alpha' }],
    'alpha',
  );
  const typed = (patch: Partial<EditorForm>) => editorFindings(index, alpha, { ...formOf(alpha), ...patch });

  it('finds nothing while the form holds the saved ports', () => {
    expect(typed({}).findings).toEqual([]);
  });

  it('reports a clash as the port is typed, and suggests a port that clears it', () => {
    const { findings, suggested } = typed({ port: '40170' });
    expect(findings.map((f) => [f.kind, f.severity, f.profiles])).toEqual([
      ['footprint-overlap', 'error', ['alpha', 'beta']],
    ]);
    expect(findings[0]?.fix).toMatch(/at least 120 apart/);
    expect(suggested).toBe(40240);
    expect(typed({ port: String(suggested) }).findings).toEqual([]);
  });

  it('The editor offers "Use suggested port" only when the typed port has a finding, never the value already typed', () => {
    const offered = (port: string) => {
      const { findings, suggested } = typed({ port });
      return portOffer(findings, portFromText(port), suggested);
    };
    // The saved port, and a free one typed by hand: nothing to cure, so nothing offered.
    expect(offered('40000')).toBeNull();
    expect(offered('40240')).toBeNull();
    // A clash: the suggestion, which is not what is typed.
    expect(offered('40170')).toBe(40240);
    expect(offered('abc')).not.toBeNull();
    // The typed port itself is never offered, whatever the findings.
    expect(portOffer(typed({ port: '40170' }).findings, 40170, 40170)).toBeNull();
    // A clash a base port cannot cure (an explicit CDP port shared) offers no base port.
    const same = [{ kind: 'same-port', severity: 'error', profiles: ['alpha', 'beta'], ports: [9222] }] as never;
    expect(portOffer(same, 40000, 40240)).toBeNull();
  });

  it('asks for a suggestion near the typed port while it is a port, else near the saved one', () => {
    expect(typed({ port: '40170' }).near).toBe(40170);
    for (const port of ['abc', '40170.5', '70000', '']) expect(typed({ port }).near, port).toBe(alpha.effectivePort);
  });

  it("keeps suggestions out of the OS's ephemeral range the snapshot names", () => {
    const inside = othersIndex([alpha, beta], [], 'alpha', { from: 32768, to: 60999 });
    const { findings, suggested } = editorFindings(inside, alpha, { ...formOf(alpha), port: '40170' });
    expect(findings.map((f) => f.kind)).toContain('ephemeral-range');
    expect(suggested).toBe(32768 - 110 - 1);
  });

  it('reports what is not a port at all', () => {
    expect(typed({ port: 'abc' }).findings[0]).toMatchObject({
      kind: 'invalid-port',
      message: 'alpha: gateway.port must be a number',
    });
    expect(typed({ port: '80' }).findings[0]?.message).toMatch(/at least 1024/);
  });

  it('checks explicit CDP ports and a pinned cdpUrl too', () => {
    const { findings } = typed({
      rows: [{ name: 'work', cdpPort: '40150', cdpUrl: '' }],
      pinnedCdpUrl: 'http://127.0.0.1:40200',
    });
    expect(findings.map((f) => [f.kind, f.ports])).toEqual([
      ['port-in-footprint', [40200]],
      ['port-in-footprint', [40150]],
    ]);
  });
});

describe("the editor's field rules", () => {
  const alpha = view('alpha', 40000, { pinnedCdpUrl: null });
  const problems = (patch: Partial<EditorForm>) => fieldProblems(alpha, { ...formOf(alpha), ...patch });

  it('shows the contract’s rule for a relative workspace, a bad cdpUrl and a bad browser profile name', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ workspace: './ws' })).toEqual([
      expect.stringMatching(/^workspace: must be an absolute path .* \(got "\.\/ws"\)$/),
    ]);
    expect(problems({ pinnedCdpUrl: 'http://a b' })).toEqual([
      expect.stringMatching(/^pinnedCdpUrl: .*spaces are not allowed \(got "http:\/\/a b"\)$/),
    ]);
    expect(problems({ rows: [{ name: 'w', cdpPort: '', cdpUrl: 'http://u:p@127.0.0.1:9' }] })).toEqual([
      expect.stringMatching(/^browserProfiles\.w\.cdpUrl: must not hold a user name or password/),
    ]);
    expect(problems({ rows: [{ name: '-x', cdpPort: '', cdpUrl: '' }] })).toEqual([
      expect.stringMatching(/^browserProfiles\.-x: may hold only letters/),
    ]);
  });

  it('sends only what changed, and removes a browser profile that was taken out', () => {
    const withBrowser = { ...alpha, browserProfiles: [{ name: 'old', cdpPort: 45000, cdpUrl: null }] };
    expect(updateArgsOf(withBrowser, { ...formOf(withBrowser), rows: [], port: '40240', workspace: '~/ws' })).toEqual({
      name: 'alpha',
      port: 40240,
      workspace: '~/ws',
      browserProfiles: { old: { cdpPort: null, cdpUrl: null } },
    });
  });

  it('sends no pin for a profile that reported none at all (another host, an older Lobsterpot)', () => {
    const unpinned = { ...alpha };
    delete unpinned.pinnedCdpUrl;
    expect(updateArgsOf(unpinned, { ...formOf(unpinned), port: '40240' })).toEqual({ name: 'alpha', port: 40240 });
  });
});
