import { describe, expect, it } from 'vitest';
import { LobsterpotError } from '../contract/contract.ts';
import { parseArgs } from '../contract/commands.ts';
import type { AuditFinding } from '../fleet/common/audit.ts';
import type { HistoryEntry } from '../gateways/common/history.ts';
import { gatewayStatus, profileView } from '../contract/fixtures.ts';
import { cli, fakeCore, override, sharedBot, snapshotOf } from './two-profiles.ts';

const view = profileView;
const gateway = gatewayStatus;

describe('isolation, ownership, history, doctor, rolling restarts, backup: against a fake core', () => {
  const minute = 60_000;
  const now = Date.parse('2026-11-29T12:00:00Z');
  const at = (text: string) => Date.parse(`2026-11-29T${text}Z`);

  it('audit: each finding with its fix; exit 3 with an error-level one, 0 with warnings only; JSON as the core says', async () => {
    const report = (findings: AuditFinding[]) => ({
      findings,
      checkedAt: now,
      hasErrors: findings.some((f) => f.severity === 'error'),
    });
    const bad = fakeCore({ 'audit.run': () => report([sharedBot, override]) });
    const human = await cli(['audit'], bad.core);
    expect(human.code).toBe(3);
    expect(human.out).toContain('error    alpha (channels.telegram.botToken) and beta (channels.telegram.tokenFile)');
    expect(human.out).toContain('         fix: Give each profile its own telegram bot');
    expect(human.out).toContain('warning  OPENCLAW_STATE_DIR=/tmp/x');
    expect(human.out.split('\n').at(-1)).toBe('1 error, 1 warning');
    const json = await cli(['audit', '--json'], bad.core);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.out)).toEqual(report([sharedBot, override]));
    const warnings = await cli(['audit'], fakeCore({ 'audit.run': () => report([override]) }).core);
    expect(warnings.code).toBe(0);
    const clean = await cli(['audit'], fakeCore({ 'audit.run': () => report([]) }).core);
    expect(clean).toMatchObject({ code: 0, out: expect.stringMatching(/^No isolation findings/) });
    expect((await cli(['audit', 'alpha'])).code).toBe(2);
  });

  it('history: the changes with their causes and a crash’s last lines, uptime over 24 h and 7 days, the outages', async () => {
    const entries: HistoryEntry[] = [
      { at: at('10:00:00'), state: 'starting', reason: null, cause: { kind: 'person', by: 'cli' } },
      { at: at('10:00:08'), state: 'ready', reason: null, cause: { kind: 'health', by: 'probe' } },
      {
        at: at('11:00:00'),
        state: 'restarting',
        reason: 'killed (SIGKILL); restarting in 1 s',
        cause: {
          kind: 'crash',
          by: 'killed (SIGKILL)',
          exit: { code: null, signal: 'SIGKILL' },
          lines: ['[gateway] listening', '[telegram] polling'],
        },
      },
      { at: at('11:00:01'), state: 'starting', reason: null, cause: { kind: 'policy', by: 'restart policy' } },
      { at: at('11:00:09'), state: 'ready', reason: null, cause: { kind: 'health', by: 'probe' } },
    ];
    const uptime = (ratio: number | null) => ({
      upMs: 0,
      startingMs: 0,
      downMs: 0,
      intendedMs: 0,
      refusedMs: 0,
      unknownMs: 0,
      ratio,
    });
    const { core, calls } = fakeCore({
      'history.get': (a) => ({
        profile: String(a.name),
        entries: entries.slice(-(a.limit ?? 200)),
        uptime24h: uptime(0.9986),
        uptime7d: uptime(null),
        outages: [
          {
            from: at('11:00:00'),
            to: at('11:00:09'),
            states: ['restarting', 'starting'],
            cause: entries[2]?.cause ?? null,
            reason: null,
          },
        ],
      }),
    });
    const { code, out } = await cli(['history', 'alpha'], core, { machine: { now: () => now } });
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      'alpha: up 99.9 % over 24 h, unknown over 7 days',
      '',
      'TIME (UTC)           STATE       CAUSE',
      '2026-11-29 10:00:00  starting    a person (cli)',
      '2026-11-29 10:00:08  ready       health (probe)',
      '2026-11-29 11:00:00  restarting  crash: killed (SIGKILL); restarting in 1 s',
      '                                 | [gateway] listening',
      '                                 | [telegram] polling',
      '2026-11-29 11:00:01  starting    restart policy',
      '2026-11-29 11:00:09  ready       health (probe)',
      '',
      'Outages in the last 7 days:',
      '  2026-11-29 11:00:00 - 11:00:09 (9s)  restarting > starting  crash: killed (SIGKILL)',
    ]);
    expect(calls[0]).toEqual({ command: 'history.get', args: { name: 'alpha', limit: 50 } });
    await cli(['history', 'alpha', '-n', '2'], core);
    expect(calls[1]?.args).toEqual({ name: 'alpha', limit: 2 });
    const json = JSON.parse((await cli(['history', 'alpha', '--json'], core)).out);
    expect(Object.keys(json)).toEqual(['profile', 'entries', 'uptime24h', 'uptime7d', 'outages']);
    expect(await cli(['history', 'alpha', '-n', '0'], core)).toMatchObject({
      code: 3,
      err: 'lobsterpot: history: -n/--lines: must be at least 1 (got 0)',
    });
    expect((await cli(['history'], core)).code).toBe(2);
  });

  it('restart --all --rolling: one at a time through the core, the report, exit 1 when one failed', async () => {
    const report = {
      rolling: true,
      restarted: [{ profile: 'alpha', state: 'ready' as const }],
      failed: [{ profile: 'beta', state: 'crash-looping' as const, reason: 'crash-looping: exit 1' }],
      notTried: ['gamma'],
    };
    const { core, calls } = fakeCore({ 'gateway.restartAll': () => report });
    const failed = await cli(['restart', '--all', '--rolling'], core);
    expect(failed.code).toBe(1);
    expect(failed.out.split('\n')).toEqual([
      'alpha: restarted, ready',
      'beta: failed (crash-looping) — crash-looping: exit 1',
      'gamma: not tried (an earlier one failed)',
    ]);
    expect(calls).toEqual([{ command: 'gateway.restartAll', args: { rolling: true } }]);
    const ok = fakeCore({ 'gateway.restartAll': () => ({ ...report, failed: [], notTried: [] }) });
    const json = await cli(['restart', '--all', '--rolling', '--json'], ok.core);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ ...report, failed: [], notTried: [] });
    expect(await cli(['restart', 'alpha', '--rolling'], core)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--rolling goes with --all'),
    });
  });

  it('`restart --all` restarted every gateway at once while the window’s Restart all is rolling: both roll now', async () => {
    const report = { rolling: true, restarted: [], failed: [], notTried: [] };
    const { core, calls } = fakeCore({ 'gateway.restartAll': () => report });
    expect((await cli(['restart', '--all'], core)).code).toBe(0);
    expect((await cli(['restart', '--all', '--at-once'], core)).code).toBe(0);
    expect(calls.map((c) => parseArgs('gateway.restartAll', c.args))).toEqual([{ rolling: true }, { rolling: false }]);
    // The window's button sends the same command with the same meaning.
    expect(parseArgs('gateway.restartAll', { rolling: true })).toEqual(parseArgs('gateway.restartAll', {}));
  });

  it('doctor: what OpenClaw’s doctor said and how the one start went; refused a second time with exit 3', async () => {
    let runs = 0;
    const { core } = fakeCore({
      'gateway.doctor': (a) => {
        if (runs++) throw new LobsterpotError('refused', `doctor already ran for ${a.name}: gateway.mode is unset`);
        return {
          profile: String(a.name),
          run: { at: now, code: 0, report: ['gateway.mode is unset', 'restored the last good config'], retry: 'ready' },
          status: gateway(String(a.name), 21200, { state: 'ready', pid: 99, owner: 'lobsterpot' }),
        };
      },
    });
    const first = await cli(['doctor', 'beta'], core);
    expect(first).toMatchObject({ code: 0 });
    expect(first.out.split('\n')).toEqual([
      'doctor --fix for beta finished:',
      '  gateway.mode is unset',
      '  restored the last good config',
      'then one start: ready',
    ]);
    expect(await cli(['doctor', 'beta'], core)).toMatchObject({
      code: 3,
      err: expect.stringContaining('doctor already ran for beta'),
    });
  });

  it('backup and restore: paths resolved here, the archive and the new profile', async () => {
    const { core, calls } = fakeCore({
      'profiles.backup': (a) => ({
        profile: String(a.name),
        archive: `${a.output ?? '/lp/backups'}/alpha.tar.gz`,
        method: 'openclaw',
        bytes: 2_400_000,
      }),
      'profiles.restore': (a) => view(String(a.name), Number(a.port ?? 21400)),
    });
    const backup = await cli(['backup', 'alpha', '--output', 'out'], core, {}, (p) => `/cwd/${p}`);
    expect(backup).toMatchObject({
      code: 0,
      out: "backed up alpha to /cwd/out/alpha.tar.gz (2.3 MB, OpenClaw's backup)",
    });
    const restored = await cli(['restore', 'a.tar.gz', 'copy', '--port', '21600'], core, {}, (p) => `/cwd/${p}`);
    expect(restored.out).toBe('restored copy on port 21600 (ports 21600-21710) in /home/u/.openclaw-copy');
    expect(calls.map((c) => c.args)).toEqual([
      { name: 'alpha', output: '/cwd/out' },
      { archive: '/cwd/a.tar.gz', name: 'copy', port: 21600 },
    ]);
    expect(Object.keys(JSON.parse((await cli(['restore', '/a.tgz', 'c2', '--json'], core)).out))).toEqual(['profile']);
    expect((await cli(['restore', '/a.tgz'], core)).code).toBe(2);
  });

  it('handover: --to lobsterpot or service, each through its command', async () => {
    const { core, calls } = fakeCore({
      'gateway.handOverToService': (a) =>
        gateway(String(a.name), 21000, {
          state: 'ready',
          pid: 5150,
          owner: 'service',
          supervisor: { name: 'systemd (openclaw-gateway-alpha.service)', pid: null, evidence: ['INVOCATION_ID set'] },
        }),
      'gateway.handOverToLobsterpot': (a) =>
        gateway(String(a.name), 21000, { state: 'ready', pid: 5151, owner: 'lobsterpot' }),
    });
    expect((await cli(['handover', 'alpha', '--to', 'service'], core)).out).toBe(
      'alpha: ready, run by its OS service: systemd (openclaw-gateway-alpha.service)',
    );
    expect((await cli(['handover', 'alpha', '--to', 'lobsterpot'], core)).out).toBe('alpha: ready, run by Lobsterpot');
    expect(calls.map((c) => c.command)).toEqual(['gateway.handOverToService', 'gateway.handOverToLobsterpot']);
    expect(JSON.parse((await cli(['handover', 'alpha', '--to', 'service', '--json'], core)).out).gateway.owner).toBe(
      'service',
    );
    expect(await cli(['handover', 'alpha', '--to', 'pm2'], core)).toMatchObject({
      code: 2,
      err: expect.stringContaining("--to takes lobsterpot or service (got 'pm2')"),
    });
    expect((await cli(['handover', 'alpha'], core)).code).toBe(2);
  });

  it('ack: the watchdog’s alert acknowledged, or there was none', async () => {
    let alerts = 1;
    const { core } = fakeCore({
      'watchdog.acknowledge': (a) => ({ profile: String(a.name), acknowledged: alerts-- > 0 }),
    });
    expect((await cli(['ack', 'alpha'], core)).out).toMatch(/^alpha: the watchdog's alert is acknowledged/);
    expect(await cli(['ack', 'alpha'], core)).toMatchObject({
      code: 0,
      out: 'alpha: no watchdog alert to acknowledge',
    });
  });

  it('status: who runs each gateway, restart to update, the watchdog’s alert, the doctor, and the audit’s errors', async () => {
    const snapshot = snapshotOf();
    snapshot.gateways = [
      gateway('alpha', 21000, {
        state: 'ready',
        pid: 4242,
        owner: 'external',
        startedAt: 1_000,
        supervisor: { name: 'pm2', pid: 700, evidence: ['PM2_HOME set'] },
        versions: { running: '2026.9.5', installed: '2026.9.6', restartToUpdate: true },
      }),
      gateway('beta', 21200, {
        state: 'config-error',
        watchdog: { since: now - 5 * minute, alerts: 2, nextAt: now + 4 * minute, acknowledged: false },
        doctor: { offered: true, last: null },
      }),
    ];
    snapshot.audit = [sharedBot, override];
    const { out } = await cli(['status'], fakeCore({}, snapshot).core, { machine: { now: () => now } });
    expect(out).toContain('alpha    ready         21000  4242  external');
    expect(out).toContain('alpha: run by another supervisor: pm2 (pid 700)\n       (PM2_HOME set)');
    expect(out).toContain(
      'alpha: runs OpenClaw 2026.9.5, 2026.9.6 is installed: restart to update (lobsterpot restart alpha)',
    );
    expect(out).toContain(
      'beta: watchdog: meant to run, not ready for 5m 0s: 2 alerts, next in 4m 0s (lobsterpot ack beta)',
    );
    expect(out).toContain("beta: config error (exit 78): `lobsterpot doctor beta` runs OpenClaw's repair once");
    expect(out).toContain('Isolation (lobsterpot audit):\nerror    alpha (channels.telegram.botToken)');
    expect(out).not.toContain('OPENCLAW_STATE_DIR');
    const json = JSON.parse((await cli(['status', 'alpha', '--json'], fakeCore({}, snapshot).core)).out);
    expect(json.audit).toEqual([sharedBot]);
    expect(json.gateways[0].versions.restartToUpdate).toBe(true);
  });
});
