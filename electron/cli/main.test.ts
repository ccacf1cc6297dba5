import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LobsterpotError, defaultSettings, type GatewayStatus, type Snapshot } from '../contract/contract.ts';
import { parseArgs } from '../contract/commands.ts';
import type { AuditFinding } from '../fleet/common/audit.ts';
import type { HistoryEntry } from '../gateways/common/history.ts';
import { COMMANDS, commandHelp, nearest, parseCommandLine, toolHelp } from './args.ts';
import type { Core } from './core.ts';
import { openerFor, type RunOptions } from './main.ts';
import { cli as run, fakeCore as fakeCoreOf, type Answers } from './testing.ts';
import { gatewayStatus, profileView, snapshot } from '../contract/fixtures.ts';

const view = profileView;
const gateway = gatewayStatus;

function snapshotOf(): Snapshot {
  return snapshot({
    profiles: [view('alpha', 21000), view('beta', 21200)],
    gateways: [
      gateway('alpha', 21000, { state: 'ready', pid: 4242, owner: 'lobsterpot', startedAt: 1_000, restarts: 1 }),
      gateway('beta', 21200),
    ],
    findings: [
      {
        kind: 'live-listener',
        severity: 'warning',
        profiles: ['beta'],
        ports: [21205],
        message: 'pid 77 (nc) already listens on 21205, inside beta’s ports',
        fix: 'Stop pid 77 (nc) or move beta away from 21205.',
      },
    ],
    listeners: [
      { port: 21000, pid: 4242, command: 'openclaw-gateway', profile: 'alpha' },
      { port: 21205, pid: 77, command: 'nc', profile: null },
    ],
  });
}

const sharedBot: AuditFinding = {
  kind: 'shared-credential',
  severity: 'error',
  profiles: ['alpha', 'beta'],
  message:
    'alpha (channels.telegram.botToken) and beta (channels.telegram.tokenFile) use the same telegram credential: two gateways on one bot fight over it (Telegram answers every poll with HTTP 409)',
  fix: 'Give each profile its own telegram bot or account, or enable the channel in one profile only.',
};
const override: AuditFinding = {
  kind: 'env-override',
  severity: 'warning',
  profiles: ['alpha', 'beta'],
  message: "OPENCLAW_STATE_DIR=/tmp/x is set in Lobsterpot's environment",
  fix: 'Unset OPENCLAW_STATE_DIR in the shell or service that starts Lobsterpot.',
};

/** A core answering from `snapshot` (two profiles, alpha running) and recording what it was sent. */
const fakeCore = (answers: Answers = {}, snapshot = snapshotOf()) => fakeCoreOf(answers, snapshot);

const cli = (
  argv: string[],
  core: Core = fakeCore().core,
  surroundings: Pick<RunOptions, 'terminal' | 'machine'> = {},
  resolvePath?: (path: string) => string,
) => run(argv, core, { ...surroundings, ...(resolvePath ? { resolvePath } : {}) });

describe('the command line', () => {
  it('`lobsterpot --help` answers "unknown command": it prints the usage and exits 0', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toBe(toolHelp());
    for (const command of Object.keys(COMMANDS)) expect(out).toContain(`\n  ${command}`);
    expect((await cli(['-h'])).out).toBe(toolHelp());
    expect((await cli([])).out).toBe(toolHelp());
  });

  it('has help for each command, as `help <command>` and `<command> --help`', async () => {
    for (const [command, spec] of Object.entries(COMMANDS)) {
      const asked = await cli(['help', command]);
      expect(asked).toEqual({ code: 0, out: commandHelp(command), err: '' });
      // `lobsterpot openclaw --help` is OpenClaw's own help.
      if (!spec.passThrough) expect((await cli([...command.split(' '), '--help'])).out).toBe(commandHelp(command));
    }
    expect(commandHelp('stop')).toContain('--force');
    expect(await cli(['help', 'strat'])).toMatchObject({ code: 2, err: expect.stringMatching(/did you mean start\?/) });
  });

  it('prints its version', async () => {
    expect(await cli(['--version'])).toEqual({
      code: 0,
      out: expect.stringMatching(/^lobsterpot \d+\.\d+\.\d+$/),
      err: '',
    });
    expect((await cli(['-V'])).code).toBe(0);
  });

  it('unknown flags are silently accepted: refused with exit 2 and the nearest valid flag', async () => {
    const { core, calls } = fakeCore();
    const forse = await cli(['stop', 'alpha', '--forse'], core);
    expect(forse.code).toBe(2);
    expect(forse.err.split('\n')[0]).toBe('lobsterpot: stop: unknown flag --forse; did you mean --force?');
    expect(calls).toEqual([]);
    expect((await cli(['status', '--jsn'])).err).toContain('unknown flag --jsn; did you mean --json?');
    expect((await cli(['list', '--frobnicate'])).err).toContain('unknown flag --frobnicate\n');
    expect((await cli(['--verbos'])).err).toContain('did you mean --verbose?');
    expect((await cli(['lsit'])).err).toContain("unknown command 'lsit'; did you mean list?");
  });

  it('refuses missing and extra arguments and flag values with exit 2', async () => {
    expect(await cli(['create'])).toMatchObject({
      code: 2,
      err: expect.stringContaining(
        'create: <name> is required (lobsterpot create <name> [--port N] | --rescue [name])',
      ),
    });
    expect(await cli(['open', 'a', 'b'])).toMatchObject({
      code: 2,
      err: expect.stringContaining("unexpected argument 'b'"),
    });
    expect(await cli(['logs', '-n'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('logs: -n needs a value (N)'),
    });
    expect(await cli(['list', '--json=yes'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--json takes no value'),
    });
    expect(await cli(['start'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('start: <profile> is required (lobsterpot start <profile|--all>)'),
    });
    expect(await cli(['stop', 'alpha', '--all'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('stop: <profile> does not go with --all'),
    });
    expect(await cli(['restart', 'alpha', '--rolling'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('restart: --rolling goes with --all'),
    });
  });

  it('takes the tool’s flags before the command, and short flags', () => {
    expect(parseCommandLine(['-v', 'logs', 'alpha', '-fn', '5'])).toEqual({
      command: 'logs',
      positionals: ['alpha'],
      values: { verbose: true, follow: true, lines: '5' },
    });
    expect(parseCommandLine(['--json', 'status']).values).toEqual({ json: true });
    expect(nearest('forse', ['force', 'json'])).toBe('force');
    expect(nearest('zzzzzz', ['force', 'json'])).toBeNull();
  });
});

describe('the commands, against a fake core', () => {
  it('status: the table, the findings and which OpenClaw and Node are used', async () => {
    const { out, code } = await cli(['status']);
    expect(code).toBe(0);
    expect(out).toContain('alpha    ready    21000  4242  lobsterpot  1m');
    expect(out).toContain('warning  pid 77 (nc) already listens on 21205');
    expect(out).toContain(
      'OpenClaw 2026.9.6 at /p/.cache/openclaw/node_modules/openclaw/openclaw.mjs\nNode v24.21.0 at',
    );
    const json = JSON.parse((await cli(['status', 'alpha', '--json'])).out);
    expect(Object.keys(json)).toEqual(['gateways', 'findings', 'audit', 'skew', 'environment']);
    expect(json.gateways.map((g: GatewayStatus) => g.profile)).toEqual(['alpha']);
  });

  it('--verbose says who acts and which OpenClaw, on stderr', async () => {
    const { err } = await cli(['list', '--verbose']);
    expect(err).toMatch(/^lobsterpot \S+: acting through a fake core\nOpenClaw 2026.9.6 at /);
  });

  it('logs: every gateway interleaved by time, the last N, or JSON', async () => {
    const lines: Record<string, string[]> = {
      alpha: ['2026-11-21T04:52:10.000+00:00 [gateway] a1', '  a1 continued', '2026-11-21T04:52:12.000+00:00 a2'],
      beta: ['2026-11-21T04:52:11.000+00:00 b1', '2026-11-21T04:52:13.000+00:00 b2'],
    };
    const { core, calls } = fakeCore({
      'logs.tail': (a) => ({ lines: lines[String(a.name)] ?? [], file: `/lp/logs/${String(a.name)}.log` }),
    });
    const all = await cli(['logs'], core);
    expect(all.out.split('\n')).toEqual([
      'alpha | 2026-11-21T04:52:10.000+00:00 [gateway] a1',
      'alpha |   a1 continued',
      'beta  | 2026-11-21T04:52:11.000+00:00 b1',
      'alpha | 2026-11-21T04:52:12.000+00:00 a2',
      'beta  | 2026-11-21T04:52:13.000+00:00 b2',
    ]);
    expect(calls[0]).toEqual({ command: 'logs.tail', args: { name: 'alpha', lines: 50 } });
    expect((await cli(['logs', '-n', '2'], core)).out.split('\n')).toHaveLength(2);
    expect((await cli(['logs', 'beta'], core)).out).toBe(lines.beta?.join('\n'));
    const json = JSON.parse((await cli(['logs', '--json', '-n', '1'], core)).out);
    expect(json).toEqual({ lines: [{ profile: 'beta', time: '2026-11-21T04:52:13.000Z', line: lines.beta?.[1] }] });
  });

  it('logs -f: the last lines, then new ones as they come, until interrupted', async () => {
    const { core } = fakeCore({ 'logs.tail': (a) => ({ lines: [], file: `/lp/logs/${a.name}.log` }) });
    const followed: string[] = [];
    let deliver: (lines: string[]) => void = () => undefined;
    let stopped = 0;
    const { out, code } = await cli(['logs', 'alpha', '-f', '-n', '1'], core, {
      machine: {
        follow: async (file, count, onLines) => {
          followed.push(`${file}:${count}`);
          deliver = onLines;
          return { lines: ['old line'], stop: async () => void stopped++ };
        },
        // New lines arrive while following; then Ctrl-C.
        interrupted: async () => deliver(['new line']),
      },
    });
    expect(code).toBe(0);
    expect(followed).toEqual(['/lp/logs/alpha.log:1']);
    expect(out).toBe('old line\nnew line');
    expect(stopped).toBe(1);
  });

  it('browser: a summary, and --json the raw status', async () => {
    const status = {
      enabled: true,
      running: true,
      cdpReady: true,
      cdpPort: 21011,
      profile: 'openclaw',
      driver: 'managed',
      pid: 99,
      headless: true,
      detectedBrowser: 'chromium',
    };
    const { core, calls } = fakeCore({ 'gateway.browserStatus': () => status });
    const human = await cli(['browser', 'alpha'], core);
    expect(human.out).toContain('Browser running, no page ready yet');
    expect(human.out).toContain('  Headless  yes, no window');
    expect(human.out).toContain('  CDP port  21011: base+11, the first port of the managed Chrome CDP range');
    expect(human.out).not.toContain('"');
    expect(JSON.parse((await cli(['browser', 'alpha', '--json', '--via', 'cli'], core)).out)).toEqual(status);
    expect(calls.at(-1)).toEqual({ command: 'gateway.browserStatus', args: { name: 'alpha', via: 'cli' } });
  });

  it('delete: refused off a terminal without --yes, asks on one, and moves the profile away', async () => {
    const { core, calls } = fakeCore({ 'profiles.delete': () => ({ movedTo: '/lp/backups/beta' }) });
    const offTty = await cli(['delete', 'beta'], core);
    expect(offTty).toMatchObject({ code: 3, err: expect.stringContaining('add --yes to confirm') });
    expect(calls).toEqual([]);
    const questions: string[] = [];
    const declined = await cli(['delete', 'beta'], core, {
      terminal: { isTTY: true, confirm: async (q) => (questions.push(q), false) },
    });
    expect(declined).toMatchObject({ code: 3, out: 'nothing was deleted' });
    expect(questions[0]).toMatch(/^Stop beta and move \/home\/u\/.openclaw-beta into Lobsterpot's backups folder\?/);
    expect(calls).toEqual([]);
    const done = await cli(['delete', 'beta', '--trash', '--yes'], core);
    expect(done).toMatchObject({ code: 0, out: 'deleted beta: moved to /lp/backups/beta' });
    expect(calls).toEqual([{ command: 'profiles.delete', args: { name: 'beta', disposal: 'trash' } }]);
    expect((await cli(['delete', 'beta', '--trash', '--backup', '-y'], core)).code).toBe(2);
  });

  it('clone, edit and flags send what the window sends', async () => {
    const { core, calls } = fakeCore({
      'profiles.clone': (a) => view(String(a.name), Number(a.port)),
      'profiles.update': () => ({ profile: view('alpha', 21400), restartNeeded: true }),
      'profiles.setFlags': () => ({
        autostart: true,
        restartOnCrash: false,
        color: null,
        notes: '',
        mcpActions: false,
        openclawRuntime: null,
      }),
    });
    expect((await cli(['clone', 'alpha', 'gamma', '--port', '21600'], core)).out).toBe(
      'cloned alpha as gamma on port 21600 (ports 21600-21710) in /home/u/.openclaw-gamma',
    );
    const edited = await cli(
      [
        'edit',
        'alpha',
        '--port',
        '21400',
        '--cdp-url',
        '',
        '--browser-cdp-port',
        'work=9333',
        '--browser-cdp-port',
        'old=',
      ],
      core,
    );
    expect(edited.out).toContain('alpha still runs on its old port until restarted: lobsterpot restart alpha');
    const flagged = await cli(
      ['flags', 'alpha', '--autostart', 'on', '--restart-on-crash', 'off', '--color', 'none'],
      core,
    );
    expect(flagged.out).toContain('autostart         on');
    expect(calls.map((c) => c.args)).toEqual([
      { from: 'alpha', name: 'gamma', port: 21600 },
      {
        name: 'alpha',
        port: 21400,
        pinnedCdpUrl: null,
        browserProfiles: { work: { cdpPort: 9333 }, old: { cdpPort: null } },
      },
      { name: 'alpha', flags: { autostart: true, restartOnCrash: false, color: null } },
    ]);
    // `flags --autostart maybe` said "must be true or false" (exit 3) while the help says on|off: a usage error now.
    expect(await cli(['flags', 'alpha', '--autostart', 'maybe'], core)).toMatchObject({
      code: 2,
      err: expect.stringContaining('lobsterpot: flags: --autostart: must be on or off (got "maybe")'),
    });
    expect((await cli(['edit', 'alpha'], core)).code).toBe(2);
  });

  it('ports: every part of each footprint, who listens there, the findings and the suggested port', async () => {
    const { core } = fakeCore({ 'ports.suggest': () => ({ port: 21400 }) });
    const { out } = await cli(['ports'], core);
    expect(out).toContain("alpha    21000        gateway (WebSocket + HTTP)  alpha's gateway");
    expect(out).toContain('         21011-21110  managed Chrome CDP range    -');
    expect(out).toContain('beta     21200        gateway (WebSocket + HTTP)  -');
    expect(out).toContain('         21203-21210  extension relays            21205: pid 77 (nc)');
    expect(out).toContain('Suggested base port for a new profile: 21400');
    expect(out).toContain("The OS's ephemeral ports (taken by outgoing connections): 32768-60999");
    const json = JSON.parse((await cli(['ports', '--json'], core)).out);
    expect(Object.keys(json)).toEqual(['footprints', 'findings', 'suggested', 'ephemeral']);
    expect(json.footprints[1].spans[2].listeners).toEqual([]);
  });

  it('open: the dashboard URL in the default browser, or printed', async () => {
    const opened: string[] = [];
    const pairing = 'http://127.0.0.1:21000/#bootstrapToken=one-time&bootstrapProfile=owner';
    const { core, calls } = fakeCore({
      'gateway.dashboard': () => ({
        url: 'http://127.0.0.1:21000/',
        token: 't',
        openUrl: pairing,
        expiresAt: 1,
        how: 'handoff',
      }),
    });
    // A running gateway opens by the core's dashboard URL: OpenClaw's one-time pairing.
    const printed = await cli(['open', 'alpha', '--print'], core, {
      machine: { openUrl: async (u) => void opened.push(u) },
    });
    expect(printed).toMatchObject({ code: 0, out: pairing });
    expect(calls).toEqual([{ command: 'gateway.dashboard', args: { name: 'alpha' } }]);
    expect(opened).toEqual([]);
    await cli(['open', 'alpha'], core, { machine: { openUrl: async (u) => void opened.push(u) } });
    expect(opened).toEqual([pairing]);
    opened.length = 0;
    const viaBrowser = await cli(['open', 'beta'], undefined, {
      machine: { openUrl: async (u) => void opened.push(u) },
    });
    expect(viaBrowser).toMatchObject({
      code: 0,
      out: 'opened http://127.0.0.1:21200/',
      err: expect.stringContaining('beta is not running'),
    });
    expect(opened).toEqual(['http://127.0.0.1:21200/']);
    expect(openerFor('linux', 'u')).toEqual({ command: 'xdg-open', args: ['u'] });
    expect(openerFor('darwin', 'u')).toEqual({ command: 'open', args: ['u'] });
    expect(openerFor('win32', 'u').command).toBe('rundll32');
  });

  it('settings: shows them, sets one with its type, and names the nearest key', async () => {
    const { core, calls } = fakeCore({
      'settings.update': (a) => ({ ...defaultSettings(), ...(a as object) }) as never,
    });
    expect((await cli(['settings'], core)).out).toMatch(/\nstopGraceMs +30000\n/);
    expect((await cli(['settings', 'set', 'stopGraceMs', '5000'], core)).out).toMatch(/^stopGraceMs = 5000\n/);
    await cli(['settings', 'set', 'openclawPath', 'none'], core);
    await cli(['settings', 'set', 'launchAtLogin', 'on'], core);
    expect(calls.map((c) => c.args)).toEqual([{ stopGraceMs: 5000 }, { openclawPath: null }, { launchAtLogin: true }]);
    expect(await cli(['settings', 'set', 'stopGrace', '1'], core)).toMatchObject({
      code: 3,
      err: expect.stringContaining('settings set: stopGrace: is not a field here; did you mean stopGraceMs?'),
    });
  });

  it('errors: refused is 3, failed is 1, both as JSON with --json', async () => {
    const { core } = fakeCore({
      'profiles.create': () => {
        throw new LobsterpotError('refused', 'port 21000: pid 77 (nc) already listens on 21000');
      },
    });
    expect(await cli(['create', 'gamma', '--port', '21000'], core)).toMatchObject({
      code: 3,
      err: expect.stringContaining('pid 77 (nc)'),
    });
    const json = await cli(['create', 'gamma', '--json'], core);
    expect(JSON.parse(json.out)).toEqual({
      error: { code: 'refused', message: 'port 21000: pid 77 (nc) already listens on 21000' },
    });
    expect((await cli(['start', 'alpha'])).code).toBe(1);
    const rescue = fakeCore({ 'profiles.create': (a) => view(String(a.name), 21400) });
    expect((await cli(['create', '--rescue'], rescue.core)).out).toMatch(/^created rescue on port 21400/);
    expect(rescue.calls[0]?.args).toEqual({ name: 'rescue', preset: 'rescue' });
  });
});

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

describe('the README', () => {
  it('holds the CLI reference exactly as `lobsterpot --help` prints it', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(['```', toolHelp(), '```'].join('\n'));
  });
});
