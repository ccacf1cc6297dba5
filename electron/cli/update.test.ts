import { describe, expect, it } from 'vitest';
import { installResult, rolloutStep, snapshot, updateReport, versionsReport } from '../contract/fixtures.ts';
import { cli, fakeCore } from './testing.ts';

describe('lobsterpot update and install', () => {
  it('update alone: the installs, who runs which, and the skew', async () => {
    const { core, calls } = fakeCore({ 'openclaw.versions': () => versionsReport() });
    const result = await cli(['update'], core);
    expect(result.code).toBe(0);
    expect(calls.map((c) => c.command)).toEqual(['openclaw.versions']);
    expect(result.out).toContain('2026.4.27  installed by Lobsterpot  beta');
    expect(result.out).toMatch(/alpha\s+ready\s+2026\.9\.6\s+2026\.9\.6 \(located\)/);
    expect(result.out).toContain('Skew: Gateways run different OpenClaw versions: 2026.4.27 (beta), 2026.9.6 (alpha).');
  });

  it('update <version> <profiles…> --dry-run sends the target, the profiles and the dry run', async () => {
    const { core, calls } = fakeCore({
      'openclaw.update': () =>
        updateReport(['alpha', 'beta'], { dryRun: true, canary: null, rolled: [], message: 'Would restart alpha…' }),
    });
    const result = await cli(['update', '2026.4.27', 'alpha', 'beta', '--dry-run'], core);
    expect(calls).toEqual([
      { command: 'openclaw.update', args: { target: '2026.4.27', profiles: ['alpha', 'beta'], dryRun: true } },
    ]);
    expect(result.out).toContain('  canary  alpha (now on /p/.cache/openclaw/node_modules/openclaw/openclaw.mjs)');
    expect(result.out).toContain('  then 1  beta');
    expect(result.code).toBe(0);
  });

  it('a relative path is made absolute here; a canary rolled back exits 1 and says so', async () => {
    const { core, calls } = fakeCore({
      'openclaw.update': () =>
        updateReport(['alpha'], {
          canary: rolloutStep('alpha', { ok: false, state: 'crash-looping', reason: 'crash-looping: exit 1' }),
          rolledBack: rolloutStep('alpha', { to: '/located' }),
          notTried: ['beta'],
          message: 'The canary alpha did not come back ready.',
        }),
    });
    const result = await cli(['update', 'my/openclaw'], core);
    expect(calls[0]?.args).toEqual({ target: '/cwd/my/openclaw', profiles: [], dryRun: false });
    expect(result.code).toBe(1);
    expect(result.out).toContain('canary alpha: failed (crash-looping) in 5s — crash-looping: exit 1');
    expect(result.out).toContain('rolled back alpha: ready in 5s');
    expect(result.out).toContain('beta: not tried');
  });

  it('install <version>: through the contract, which refuses what is no version', async () => {
    const { core } = fakeCore({ 'openclaw.install': () => installResult() });
    const done = await cli(['install', '2026.4.27'], core);
    expect(done.out).toBe(
      'Installed OpenClaw 2026.4.27 in 1m 0s: /p/.cache/openclaw-versions/2026.4.27/node_modules/openclaw/openclaw.mjs',
    );
    const refused = await cli(['install', 'latest'], core);
    expect(refused.code).toBe(3);
    expect(refused.err).toContain('must be a version like 2026.9.6');
  });

  it('status says a version skew under the table', async () => {
    const world = snapshot({ skew: versionsReport().skew });
    const result = await cli(['status'], fakeCore({}, world).core);
    expect(result.out).toContain(
      'Versions: Gateways run different OpenClaw versions: 2026.4.27 (beta), 2026.9.6 (alpha).',
    );
  });
});
