import { describe, expect, it } from 'vitest';
import { LobsterpotError, type CommandArgs, type ExportResult } from '../contract/contract.ts';
import { cli as run, fakeCore } from './testing.ts';

const result = (args: CommandArgs<'fleet.export'>): ExportResult => ({
  format: args.format,
  directory: String(args.output ?? '/lp/exports/x'),
  files: args.format === 'compose' ? ['docker-compose.yml', '.gitignore', 'alpha.env'] : ['kustomization.yaml'],
  profiles: ['alpha'],
  notes: ['Image ghcr.io/openclaw/openclaw:2026.9.6'],
});

/** `lobsterpot …` against a core that records what it was asked and answers `fleet.export` with `answer`. */
async function cli(argv: string[], answer: (args: CommandArgs<'fleet.export'>) => ExportResult = result) {
  const { core, calls } = fakeCore({ 'fleet.export': answer });
  return { ...(await run(argv, core, { machine: { now: () => 0 } })), calls: calls.map((call) => call.args) };
}

describe('lobsterpot export', () => {
  it('writes into ./openclaw-compose or ./openclaw-kustomize here unless --output says, with the profiles named', async () => {
    const compose = await cli(['export', 'compose']);
    expect(compose.calls).toEqual([{ format: 'compose', profiles: [], output: '/cwd/openclaw-compose', force: false }]);
    const kube = await cli(['export', 'kubernetes', 'alpha', 'beta', '--output', 'k8s', '--force']);
    expect(kube.calls).toEqual([
      { format: 'kubernetes', profiles: ['alpha', 'beta'], output: '/cwd/k8s', force: true },
    ]);
  });

  it('prints the folder, the files (secrets marked), the notes and the next command', async () => {
    const compose = await cli(['export', 'compose']);
    expect(compose.code).toBe(0);
    expect(compose.out).toBe(
      [
        'Wrote a Compose project for alpha to /cwd/openclaw-compose:',
        '  docker-compose.yml',
        '  .gitignore',
        '  alpha.env  (gateway token, mode 0600)',
        '',
        'Notes:',
        '  - Image ghcr.io/openclaw/openclaw:2026.9.6',
        '',
        'Next: docker compose -f /cwd/openclaw-compose/docker-compose.yml up -d',
      ].join('\n'),
    );
    expect((await cli(['export', 'kubernetes'])).out).toContain('Next: kubectl apply -k /cwd/openclaw-kustomize');
    expect(JSON.parse((await cli(['export', 'compose', '--json'])).out)).toMatchObject({ format: 'compose' });
  });

  it('exits 3 on a format it does not know, 2 on none, 3 when refused', async () => {
    expect(await cli(['export', 'helm'])).toMatchObject({
      code: 3,
      err: expect.stringContaining('export: <format>: must be one of "compose", "kubernetes" (got "helm")'),
    });
    expect((await cli(['export'])).code).toBe(2);
    const refused = await cli(['export', 'compose'], () => {
      throw new LobsterpotError('refused', '/cwd/openclaw-compose is not empty: nothing was written');
    });
    expect(refused).toMatchObject({
      code: 3,
      err: 'lobsterpot: /cwd/openclaw-compose is not empty: nothing was written',
    });
  });
});
