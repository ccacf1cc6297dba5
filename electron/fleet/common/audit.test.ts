import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portProfile } from '../../ports/common/fixtures.ts';
import { auditIsolation, type AuditProfile, type CredentialFact } from './audit.ts';

const profile = (name: string, extra: Partial<AuditProfile> = {}, port = 20000): AuditProfile => ({
  ports: portProfile(name, port),
  agentDirs: [],
  agentWorkspaces: [],
  credentials: [],
  ...extra,
});
const telegram = (identity: string, path = 'channels.telegram.botToken'): CredentialFact => ({
  path,
  source: 'inline',
  identity,
  scope: 'channel',
});

describe('auditIsolation', () => {
  it('finds two profiles on one bot token as an error naming both and the fix, never the token', () => {
    const findings = auditIsolation(
      [
        profile('main', { credentials: [telegram('sha256:aa')] }, 20000),
        profile('ops', { credentials: [telegram('sha256:aa', 'channels.telegram.tokenFile')] }, 20120),
        profile('solo', { credentials: [telegram('sha256:bb')] }, 20240),
      ],
      { overrides: [] },
    );
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'shared-credential', severity: 'error', profiles: ['main', 'ops'] }),
    ]);
    expect(findings[0]?.message).toContain('main (channels.telegram.botToken) and ops (channels.telegram.tokenFile)');
    expect(findings[0]?.message).toContain('409');
    expect(JSON.stringify(findings)).not.toContain('sha256');
  });

  it('tells an env fallback shared through the environment from a shared value, as a warning', () => {
    const fallback: CredentialFact = {
      path: 'channels.telegram.botToken',
      source: 'env-fallback',
      identity: 'env:TELEGRAM_BOT_TOKEN',
      scope: 'channel',
      sharedEnv: 'TELEGRAM_BOT_TOKEN',
    };
    const [finding] = auditIsolation(
      [profile('a', { credentials: [fallback] }, 20000), profile('b', { credentials: [fallback] }, 20120)],
      { overrides: [] },
    );
    expect(finding).toMatchObject({ severity: 'warning', profiles: ['a', 'b'] });
    expect(finding?.message).toMatch(/TELEGRAM_BOT_TOKEN in the environment.*Lobsterpot does not pass it/);
  });

  it('reuses the port analysis for shared state dirs and pinned CDP URLs, and adds agent dirs', () => {
    const a = profile('a', { agentDirs: [{ agent: 'main', path: '/srv/agent' }] }, 20000);
    const b = profile('b', { agentDirs: [{ agent: 'main', path: '/srv//agent/' }] }, 20120);
    b.ports.stateDir = a.ports.stateDir;
    a.ports.pinnedCdpUrl = b.ports.pinnedCdpUrl = 'http://127.0.0.1:9222';
    const kinds = auditIsolation([a, b], { overrides: [] }).map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(['shared-state-dir', 'same-cdp-url', 'shared-agent-dir']));
    expect(kinds).not.toContain('footprint-overlap');
  });

  it('explains what an OPENCLAW_* override in its environment means', () => {
    const findings = auditIsolation([profile('a')], {
      overrides: [{ name: 'OPENCLAW_STATE_DIR', value: '/tmp/state' }],
    });
    expect(findings).toEqual([expect.objectContaining({ kind: 'env-override', severity: 'warning', profiles: ['a'] })]);
    expect(findings[0]?.message).toMatch(/removes it for the gateways it starts.*by hand.*\/tmp\/state/);
  });

  const names = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), { minLength: 1, maxLength: 6 });
  const identities = fc.constantFrom('sha256:1', 'sha256:2', 'sha256:3', 'env:TELEGRAM_BOT_TOKEN');
  const world = names.chain((list) =>
    fc.tuple(
      ...list.map((name, i) =>
        fc
          .record({
            creds: fc.array(
              fc.record({
                identity: identities,
                path: fc.constantFrom('channels.telegram.botToken', 'channels.discord.token', 'gateway.auth.token'),
              }),
              { maxLength: 3 },
            ),
            agentDir: fc.option(fc.constantFrom('/srv/a', '/srv/b', '/srv/a/'), { nil: undefined }),
          })
          .map(({ creds, agentDir }) =>
            profile(
              name,
              {
                credentials: creds.map(({ identity, path }) => ({
                  path,
                  identity,
                  source: 'inline' as const,
                  scope: path.startsWith('gateway') ? ('gateway' as const) : ('channel' as const),
                  ...(identity.startsWith('env:') ? { sharedEnv: 'TELEGRAM_BOT_TOKEN' } : {}),
                })),
                agentDirs: agentDir ? [{ agent: 'main', path: agentDir }] : [],
              },
              20000 + i * 120,
            ),
          ),
      ),
    ),
  );

  it('is symmetric, names two profiles that really share, and shows no credential identity (property)', () => {
    fc.assert(
      fc.property(world, (profiles) => {
        const findings = auditIsolation(profiles, { overrides: [] });
        const reversed = auditIsolation([...profiles].reverse(), { overrides: [] });
        expect(reversed).toEqual(findings);
        for (const finding of findings) {
          expect(finding.profiles.length).toBeGreaterThanOrEqual(2);
          expect(finding.profiles).toEqual([...finding.profiles].sort());
          const text = `${finding.message} ${finding.fix}`;
          expect(text).not.toMatch(/sha256:|env:TELEGRAM/);
          if (finding.kind === 'shared-credential') {
            const sets = finding.profiles.map(
              (name) => new Set(profiles.find((p) => p.ports.name === name)!.credentials.map((c) => c.identity)),
            );
            const common = [...(sets[0] ?? [])].filter((id) => sets.every((s) => s.has(id)));
            expect(common.length).toBeGreaterThan(0);
          }
        }
        // No two profiles that share an identity go unreported.
        for (const a of profiles)
          for (const b of profiles) {
            if (a === b) continue;
            const shared = a.credentials.some((c) =>
              b.credentials.some((d) => d.identity === c.identity && d.scope === c.scope),
            );
            if (shared)
              expect(
                findings.some(
                  (f) =>
                    f.kind === 'shared-credential' &&
                    f.profiles.includes(a.ports.name) &&
                    f.profiles.includes(b.ports.name),
                ),
              ).toBe(true);
          }
      }),
      { numRuns: 300 },
    );
  });
});
