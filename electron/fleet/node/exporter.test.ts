import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AuditFinding } from '../common/audit.ts';
import type { ProfileView } from '../../contract/contract.ts';
import { profileView } from '../../contract/fixtures.ts';
import { PINNED_OPENCLAW_VERSION } from '../common/export-model.ts';
import { exportFleet, refusingFindings, serialize, type ExportSource } from './exporter.ts';

const TOKEN_A = 'a1'.repeat(24);
const TOKEN_B = 'b2'.repeat(24);

let root: string;
let home: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lp-export-'));
  home = join(root, 'home');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A profile on disk, with the config onboarding writes (absolute workspace and agent dir). */
function profile(name: string, port: number, gateway: Record<string, unknown>, dotenv?: string): ProfileView {
  const stateDir = join(home, `.openclaw-${name}`);
  mkdirSync(stateDir, { recursive: true });
  const config = {
    gateway: { mode: 'local', port, bind: 'loopback', ...gateway },
    agents: {
      defaults: { workspace: join(stateDir, 'workspace') },
      entries: { main: { agentDir: join(stateDir, 'agents', 'main', 'agent') } },
    },
  };
  writeFileSync(join(stateDir, 'openclaw.json'), JSON.stringify(config));
  if (dotenv !== undefined) writeFileSync(join(stateDir, '.env'), dotenv);
  return profileView(name, port, {
    stateDir,
    configPath: join(stateDir, 'openclaw.json'),
    workspace: config.agents.defaults.workspace,
    mcpSandboxPort: null,
    pinnedCdpUrl: null,
  });
}

const finding = (kind: AuditFinding['kind'], profiles: string[]): AuditFinding => ({
  kind,
  severity: 'error',
  profiles,
  message: `${profiles.join(' and ')} use the same telegram credential`,
  fix: 'Give each profile its own telegram bot',
});

function source(profiles: ProfileView[], findings: AuditFinding[] = []): ExportSource {
  return {
    profiles,
    openclawVersion: '2026.9.6',
    home,
    dataDir: join(root, 'lobsterpot'),
    now: Date.UTC(2026, 10, 29, 14, 3, 39),
    uid: 1000,
    audit: async () => ({ findings, checkedAt: 0, hasErrors: findings.length > 0 }),
  };
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('exportFleet', () => {
  it('writes a Compose project into a new folder: YAML that parses back, files 0644, tokens only in 0600 env files', async () => {
    const fleet = [
      profile('alpha', 21000, { auth: { token: TOKEN_A } }),
      profile('beta', 21200, { auth: { token: TOKEN_B } }),
    ];
    const output = join(root, 'out', 'compose');
    const result = await exportFleet({ format: 'compose', profiles: [], output, force: false }, source(fleet));
    expect(result).toMatchObject({ format: 'compose', directory: output, profiles: ['alpha', 'beta'] });
    expect(result.files.sort()).toEqual(['.gitignore', 'alpha.env', 'beta.env', 'docker-compose.yml']);
    expect(readdirSync(join(root, 'out'))).toEqual(['compose']);
    const compose = parse(readFileSync(join(output, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { volumes: string[]; ports: string[] }>;
    };
    expect(compose.services['openclaw-alpha']?.ports).toEqual(['127.0.0.1:21000:18789', '127.0.0.1:21001:18790']);
    // Onboarding writes host paths into the config: the state dir is also mounted there.
    expect(compose.services['openclaw-alpha']?.volumes).toContain(`${fleet[0]?.stateDir}:${fleet[0]?.stateDir}`);
    expect(mode(join(output, 'docker-compose.yml'))).toBe(0o644);
    expect(mode(join(output, 'alpha.env'))).toBe(0o600);
    expect(readFileSync(join(output, 'alpha.env'), 'utf8')).toBe(`OPENCLAW_GATEWAY_TOKEN=${TOKEN_A}\n`);
    for (const file of ['docker-compose.yml', '.gitignore']) {
      const text = readFileSync(join(output, file), 'utf8');
      expect(text).not.toContain(TOKEN_A);
      expect(text).not.toContain(TOKEN_B);
    }
    expect(JSON.stringify(result)).not.toContain(TOKEN_A);
  });

  it("writes into Lobsterpot's data dir by default, and takes the token from the profile's .env when the config refers to it", async () => {
    const fleet = [
      profile('gamma', 21400, { auth: { token: '${OPENCLAW_GATEWAY_TOKEN}' } }, `OPENCLAW_GATEWAY_TOKEN=${TOKEN_B}\n`),
    ];
    const result = await exportFleet({ format: 'kubernetes', profiles: ['GAMMA'], force: false }, source(fleet));
    expect(result.directory).toBe(join(root, 'lobsterpot', 'exports', 'kubernetes-2026-11-29T14-03-39'));
    expect(readFileSync(join(result.directory, 'gamma', 'secret.env'), 'utf8')).toBe(
      `OPENCLAW_GATEWAY_TOKEN=${TOKEN_B}\n`,
    );
    expect(mode(join(result.directory, 'gamma', 'secret.env'))).toBe(0o600);
  });

  it('refuses a folder that is not empty (nothing written), and writes into it with force', async () => {
    const fleet = [profile('alpha', 21000, { auth: { token: TOKEN_A } })];
    const output = join(root, 'busy');
    mkdirSync(output);
    writeFileSync(join(output, 'notes.txt'), 'mine');
    const args = { format: 'compose' as const, profiles: [], output, force: false };
    await expect(exportFleet(args, source(fleet))).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringContaining(`${output} is not empty`),
    });
    expect(readdirSync(output)).toEqual(['notes.txt']);
    await exportFleet({ ...args, force: true }, source(fleet));
    expect(readdirSync(output).sort()).toEqual(['.gitignore', 'alpha.env', 'docker-compose.yml', 'notes.txt']);
  });

  it('refuses profiles the audit finds sharing a credential or state, and writes nothing', async () => {
    const fleet = [profile('tg1', 21000, {}), profile('tg2', 21200, {}), profile('solo', 21400, {})];
    const output = join(root, 'refused');
    const shared = [finding('shared-credential', ['tg1', 'tg2'])];
    await expect(
      exportFleet({ format: 'kubernetes', profiles: [], output, force: false }, source(fleet, shared)),
    ).rejects.toMatchObject({ code: 'refused', message: expect.stringContaining('tg1 and tg2 use the same telegram') });
    expect(readdirSync(root)).not.toContain('refused');
    // One of the two alone shares with no one in the export.
    const alone = await exportFleet(
      { format: 'kubernetes', profiles: ['tg1', 'solo'], output, force: false },
      source(fleet, shared),
    );
    expect(alone.profiles).toEqual(['tg1', 'solo']);
  });

  it('refuses a profile that is not there or not set up', async () => {
    const fleet = [profile('alpha', 21000, {})];
    await expect(
      exportFleet({ format: 'compose', profiles: ['nope'], force: false }, source(fleet)),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(exportFleet({ format: 'compose', profiles: [], force: false }, source([]))).rejects.toMatchObject({
      code: 'refused',
    });
  });
});

describe('refusingFindings', () => {
  it('stops at sharing among the exported profiles only: credentials, state dir, config, workspace, agent dir', () => {
    const names = ['a', 'b'];
    for (const kind of [
      'shared-credential',
      'shared-state-dir',
      'shared-config',
      'shared-workspace',
      'shared-agent-dir',
    ] as const)
      expect(refusingFindings([finding(kind, ['a', 'b'])], names)).toHaveLength(1);
    expect(refusingFindings([finding('same-port', ['a', 'b']), finding('env-override', ['a', 'b'])], names)).toEqual(
      [],
    );
    expect(refusingFindings([finding('shared-credential', ['a', 'c'])], names)).toEqual([]);
  });
});

describe('serialize', () => {
  it('quotes what YAML 1.1 readers (docker-compose, Kubernetes) would turn into booleans', () => {
    const text = serialize(
      { path: 'x.yaml', documents: [{ labels: { profile: 'no', other: 'on' } }], secret: false },
      'compose',
    );
    expect(text).toMatch(/profile: "no"/);
    expect(text).toMatch(/other: "on"/);
  });
});

describe('the pinned OpenClaw version', () => {
  it('is the one the project installs (scripts/setup-openclaw.ts)', () => {
    const script = readFileSync(join(import.meta.dirname, '..', '..', '..', 'scripts', 'setup-openclaw.ts'), 'utf8');
    expect(script).toContain(`export const OPENCLAW_VERSION = '${PINNED_OPENCLAW_VERSION}';`);
  });
});
