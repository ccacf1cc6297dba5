import { describe, expect, it } from 'vitest';
import { LobsterpotError, defaultSettings, type GatewayStatus } from '../contract/contract.ts';
import { openerFor } from './main.ts';
import { profileView } from '../contract/fixtures.ts';
import { cli, fakeCore } from './two-profiles.ts';

const view = profileView;

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
