import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupProfile, rebasePaths, restoreProfile, skipInBackup } from './backup.ts';
import type { CliResult, OpenClawCli } from '../../openclaw/node/openclaw-cli.ts';
import { extractTarGz, writeTarGz } from '../../platform/node/tar.ts';

interface RestorePatch {
  gateway: { port: number; auth: { token: string } };
  browser: unknown;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-backup-'));
  dirs.push(dir);
  return dir;
};

/** An OpenClaw without `backup`: every run says so; config patches are recorded. */
function oldOpenClaw() {
  const patches: { profile: string; patch: Record<string, unknown> }[] = [];
  const cli = {
    run: async (): Promise<CliResult> => ({
      code: 1,
      stdout: '',
      stderr: "error: unknown command 'backup'",
      timedOut: false,
    }),
    patchConfig: async (profile: string, patch: Record<string, unknown>) => void patches.push({ profile, patch }),
  } as unknown as OpenClawCli;
  return { cli, patches };
}

describe('backup and restore without OpenClaw’s own backup command', () => {
  it('archives config and state without caches, and restores into a new profile with new ports, paths and token', async () => {
    const home = temp();
    const stateDir = join(home, '.openclaw-main');
    mkdirSync(join(stateDir, 'workspace'), { recursive: true });
    mkdirSync(join(stateDir, 'cache', 'deep'), { recursive: true });
    mkdirSync(join(stateDir, 'tmp'), { recursive: true });
    const config = {
      gateway: { mode: 'local', port: 21000, auth: { mode: 'token', token: 'old-token' } },
      agents: {
        defaults: { workspace: join(stateDir, 'workspace') },
        entries: { main: { agentDir: join(stateDir, 'agents/main/agent') } },
      },
      browser: { profiles: { work: { cdpPort: 21050 } } },
    };
    writeFileSync(join(stateDir, 'openclaw.json'), JSON.stringify(config));
    writeFileSync(join(stateDir, 'workspace', `${'long-name-'.repeat(15)}.md`), 'notes');
    writeFileSync(join(stateDir, 'cache', 'deep', 'big.bin'), 'cached');
    writeFileSync(join(stateDir, 'tmp', 'gateway.lock'), '{}');
    const { cli, patches } = oldOpenClaw();

    const backup = await backupProfile({
      cli,
      profile: 'main',
      stateDir,
      configPath: join(stateDir, 'openclaw.json'),
      outputDir: join(home, 'out'),
    });
    expect(backup).toMatchObject({ profile: 'main', method: 'tar' });
    expect(backup.bytes).toBeGreaterThan(0);

    const restored = join(home, '.openclaw-copy');
    await restoreProfile({
      cli,
      archive: backup.archive,
      profile: 'copy',
      stateDir: restored,
      port: 22000,
      workDir: join(home, 'work'),
    });
    expect(readFileSync(join(restored, 'workspace', `${'long-name-'.repeat(15)}.md`), 'utf8')).toBe('notes');
    expect(existsSync(join(restored, 'cache'))).toBe(false);
    expect(existsSync(join(restored, 'tmp'))).toBe(false);
    const [{ profile, patch }] = patches as unknown as [{ profile: string; patch: RestorePatch }];
    expect(profile).toBe('copy');
    expect(patch.gateway.port).toBe(22000);
    expect(patch.gateway.auth.token).toMatch(/^[0-9a-f]{48}$/);
    const written = JSON.parse(readFileSync(join(restored, 'openclaw.json'), 'utf8'));
    expect(written.agents).toEqual({
      defaults: { workspace: join(restored, 'workspace') },
      entries: { main: { agentDir: join(restored, 'agents/main/agent') } },
    });
    expect(patch.browser).toEqual({ profiles: { work: { cdpPort: 22050 } } });
    // The source is untouched.
    expect(readFileSync(join(stateDir, 'openclaw.json'), 'utf8')).toContain('old-token');
  });

  it('never overwrites an existing profile', async () => {
    const home = temp();
    mkdirSync(join(home, '.openclaw-copy'));
    writeFileSync(join(home, 'a.tar.gz'), '');
    const { cli } = oldOpenClaw();
    await expect(
      restoreProfile({
        cli,
        archive: join(home, 'a.tar.gz'),
        profile: 'copy',
        stateDir: join(home, '.openclaw-copy'),
        port: 22000,
        workDir: join(home, 'w'),
      }),
    ).rejects.toThrow(/already exists: nothing is overwritten/);
    expect(existsSync(join(home, '.openclaw-copy'))).toBe(true);
  });

  it('refuses an archive that is not a backup, leaving nothing behind', async () => {
    const home = temp();
    writeFileSync(join(home, 'junk.tar.gz'), 'not a tar');
    const { cli } = oldOpenClaw();
    await expect(
      restoreProfile({
        cli,
        archive: join(home, 'junk.tar.gz'),
        profile: 'copy',
        stateDir: join(home, '.openclaw-copy'),
        port: 22000,
        workDir: join(home, 'w'),
      }),
    ).rejects.toThrow(/neither an OpenClaw backup nor a Lobsterpot one/);
    expect(existsSync(join(home, '.openclaw-copy'))).toBe(false);
  });
});

describe('the pure parts', () => {
  it('moves only the paths under the old state dir', () => {
    const config = { a: '/h/.openclaw-x/ws', b: '/h/.openclaw-xy/ws', c: ['/h/.openclaw-x'], d: { e: 1 } };
    expect(rebasePaths(config, '/h/.openclaw-x', '/h/.openclaw-y')).toEqual({
      a: '/h/.openclaw-y/ws',
      b: '/h/.openclaw-xy/ws',
      c: ['/h/.openclaw-y'],
      d: { e: 1 },
    });
  });

  it('skips caches, locks and sockets', () => {
    expect(skipInBackup('browser/Default/Code Cache', true)).toBe(true);
    expect(skipInBackup('tmp', true)).toBe(true);
    expect(skipInBackup('tmp/openclaw-0/gateway.state.lock', false)).toBe(true);
    expect(skipInBackup('state/openclaw.sqlite', false)).toBe(false);
  });

  it('refuses an archive entry that would land outside its folder', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'f'), 'x');
    await writeTarGz(join(dir, 'a.tar.gz'), [{ root: join(dir, 'src'), prefix: '../escape' }]);
    await expect(extractTarGz(join(dir, 'a.tar.gz'), join(dir, 'out'))).rejects.toThrow(/leaves its folder/);
  });
});
