import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { auditIsolation } from '../common/audit.ts';
import { auditEnvironment, collectAuditProfile, newSalt, parseDotenv } from './credentials.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A home with profiles whose configs (and optional .env files) are given. */
function home(profiles: Record<string, { config: unknown; env?: string }>) {
  const root = mkdtempSync(join(tmpdir(), 'lp-creds-'));
  dirs.push(root);
  return Object.entries(profiles).map(([name, { config, env }], i) => {
    const stateDir = join(root, `.openclaw-${name}`);
    mkdirSync(stateDir, { recursive: true });
    const configPath = join(stateDir, 'openclaw.json');
    writeFileSync(configPath, JSON.stringify(config));
    if (env) writeFileSync(join(stateDir, '.env'), env);
    return {
      root,
      stateDir,
      configPath,
      ports: { name, port: 20000 + i * 120, stateDir, configPath, workspace: null },
    };
  });
}

describe('collectAuditProfile', () => {
  it('finds one bot token given inline, in a tokenFile, through ${VAR} and a SecretRef from a .env', async () => {
    const token = '123456:ABC-real-looking-token';
    const profiles = home({
      a: { config: { channels: { telegram: { botToken: token } } } },
      b: { config: { channels: { telegram: { tokenFile: 'token.txt' } } } },
      c: { config: { channels: { telegram: { botToken: '${TG}' } } }, env: `TG="${token}"\n` },
      d: {
        config: {
          channels: { telegram: { accounts: { ops: { botToken: { source: 'env', provider: 'default', id: 'X' } } } } },
        },
        env: `export X=${token} # the same bot\n`,
      },
      e: { config: { channels: { telegram: { botToken: 'another' } } } },
      off: { config: { channels: { telegram: { enabled: false, botToken: token } } } },
      offAccount: {
        config: { channels: { telegram: { accounts: { ops: { enabled: false, botToken: token } } } } },
      },
    });
    writeFileSync(join(profiles[1]!.stateDir, 'token.txt'), `${token}\n`);
    const context = { salt: newSalt(), env: {}, home: profiles[0]!.root };
    const facts = await Promise.all(profiles.map((p) => collectAuditProfile(p, context)));
    const findings = auditIsolation(facts, { overrides: [] });
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'shared-credential', severity: 'error', profiles: ['a', 'b', 'c', 'd'] }),
    ]);
    expect(JSON.stringify({ facts, findings })).not.toContain(token);
  });

  it('takes a channel without a token of its own to fall back on TELEGRAM_BOT_TOKEN, from its .env or the shared env', async () => {
    const profiles = home({
      a: { config: { channels: { telegram: { enabled: true } } } },
      b: { config: { channels: { telegram: {} } } },
      c: { config: { channels: { telegram: {} } }, env: 'TELEGRAM_BOT_TOKEN=own\n' },
      d: { config: { channels: { telegram: { enabled: false } } } },
    });
    const context = { salt: newSalt(), env: { TELEGRAM_BOT_TOKEN: 'shared-secret' }, home: profiles[0]!.root };
    const facts = await Promise.all(profiles.map((p) => collectAuditProfile(p, context)));
    expect(facts.map((f) => f.credentials.map((c) => c.sharedEnv ?? null))).toEqual([
      ['TELEGRAM_BOT_TOKEN'],
      ['TELEGRAM_BOT_TOKEN'],
      [null],
      [],
    ]);
    const findings = auditIsolation(facts, { overrides: [] });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', profiles: ['a', 'b'] })]);
    expect(JSON.stringify(findings)).not.toContain('shared-secret');
  });

  it('compares file and exec SecretRefs by the reference, and reads explicit agent dirs', async () => {
    const fileRef = { source: 'file', provider: 'vault', id: '/telegram' };
    const secrets = { providers: { vault: { source: 'file', path: '/etc/secrets.json' } } };
    const profiles = home({
      a: {
        config: {
          secrets,
          channels: { discord: { token: fileRef } },
          agents: { entries: { main: { agentDir: '/srv/ag' } } },
        },
      },
      b: {
        config: {
          secrets,
          channels: { discord: { token: fileRef } },
          agents: { entries: { x: { agentDir: '/srv/ag/' } } },
        },
      },
    });
    const context = { salt: newSalt(), env: {}, home: profiles[0]!.root };
    const facts = await Promise.all(profiles.map((p) => collectAuditProfile(p, context)));
    expect(facts[0]?.credentials[0]).toMatchObject({
      source: 'file-ref',
      identity: 'file:/etc/secrets.json#/telegram',
    });
    expect(auditIsolation(facts, { overrides: [] }).map((f) => f.kind)).toEqual([
      'shared-agent-dir',
      'shared-credential',
    ]);
  });

  it('never lets a token into a fact or a finding, whatever it looks like (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 8, maxLength: 60 }).filter((t) => t.trim().length >= 8 && !/^\$\{/.test(t.trim())),
        async (token) => {
          const profiles = home({
            a: { config: { channels: { telegram: { botToken: token } }, gateway: { auth: { token } } } },
            b: { config: { channels: { slack: { botToken: token } } } },
          });
          const context = { salt: newSalt(), env: {}, home: profiles[0]!.root };
          const facts = await Promise.all(profiles.map((p) => collectAuditProfile(p, context)));
          const text = JSON.stringify({ facts, findings: auditIsolation(facts, { overrides: [] }) });
          expect(text).not.toContain(JSON.stringify(token).slice(1, -1));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads dotenv lines and reports only the overrides that move profiles (never a token variable)', () => {
    expect(parseDotenv('# c\nA=1\nexport B="two words"\nC=3 # note\nbad line\n')).toEqual({
      A: '1',
      B: 'two words',
      C: '3',
    });
    expect(
      auditEnvironment({ OPENCLAW_STATE_DIR: '/x', OPENCLAW_GATEWAY_TOKEN: 'secret', PATH: '/bin' }).overrides,
    ).toEqual([{ name: 'OPENCLAW_STATE_DIR', value: '/x' }]);
  });
});
