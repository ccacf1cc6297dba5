// The real `lobsterpot` command, as a separate process, beyond starting and stopping: the isolation audit of two
// profiles on one Telegram bot, the history of one real gateway, a rolling restart, doctor refused when not needed,
// backup and restore into a new profile. One real gateway for the whole file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lobsterpot } from './cli.ts';
import { World } from './world.ts';

describe('the lobsterpot command: audit, history, rolling restart, doctor, backup and restore — a real gateway', () => {
  let world: World;
  const token = '987654321:AAH-cli-peer-token-never-shown';

  const json = async (args: string[]) => {
    const result = await lobsterpot(world, [...args, '--json']);
    return { ...result, value: JSON.parse(result.out || 'null') as Record<string, unknown> };
  };
  const pidOf = async (name: string) => {
    const status = await json(['status', name]);
    return (status.value.gateways as { pid: number | null }[])[0]?.pid ?? null;
  };

  beforeAll(async () => {
    world = await World.create();
    const created = await lobsterpot(world, ['create', 'alpha', '--port', String(world.basePort)]);
    expect(created, created.err).toMatchObject({ code: 0 });
    // Two profiles on one bot, written as a person would: inline in one config, a tokenFile in the other.
    const tokenFile = join(world.home, 'telegram.token');
    writeFileSync(tokenFile, `${token}\n`);
    for (const [i, name] of ['tg1', 'tg2'].entries()) {
      const dir = join(world.home, `.openclaw-${name}`);
      mkdirSync(dir, { recursive: true });
      const telegram = i === 0 ? { botToken: token } : { tokenFile };
      const port = world.basePort + 240 * (i + 1);
      writeFileSync(
        join(dir, 'openclaw.json'),
        JSON.stringify({ gateway: { mode: 'local', port, bind: 'loopback' }, channels: { telegram } }, null, 2),
      );
    }
    const started = await json(['start', 'alpha']);
    expect(started.value, started.err).toMatchObject({ results: [{ profile: 'alpha', ok: true, state: 'ready' }] });
    const pid = await pidOf('alpha');
    if (pid) world.pids.add(pid);
  });

  afterAll(async () => {
    if (world) await lobsterpot(world, ['stop', '--all', '--force']);
    await world?.dispose();
  });

  it('audit: two profiles on one Telegram bot are an error (exit 3), named with the fix, the token shown nowhere', async () => {
    const human = await lobsterpot(world, ['audit']);
    expect(human.code).toBe(3);
    expect(human.out).toContain(
      'error    tg1 (channels.telegram.botToken) and tg2 (channels.telegram.tokenFile) use the same telegram credential',
    );
    expect(human.out).toContain('fix: Give each profile its own telegram bot or account');
    const report = await json(['audit']);
    expect(report.code).toBe(3);
    expect(report.value).toMatchObject({
      hasErrors: true,
      findings: [{ kind: 'shared-credential', severity: 'error', profiles: ['tg1', 'tg2'] }],
    });
    // `status` carries the audit's errors too, for those who only look there.
    const status = await lobsterpot(world, ['status']);
    expect(status.out).toContain('Isolation (lobsterpot audit):\nerror    tg1 (channels.telegram.botToken)');
    for (const output of [human, report, status]) {
      expect(output.out + output.err).not.toContain(token);
      expect(output.out + output.err).not.toContain('987654321');
    }
  });

  it('restart --all --rolling: the running gateway restarted and back to ready, with the report', async () => {
    const before = await pidOf('alpha');
    const rolled = await json(['restart', '--all', '--rolling']);
    expect(rolled.code, rolled.err).toBe(0);
    expect(rolled.value).toEqual({
      rolling: true,
      restarted: [{ profile: 'alpha', state: 'ready' }],
      failed: [],
      notTried: [],
    });
    const after = await pidOf('alpha');
    expect(after).not.toBe(before);
    if (after) world.pids.add(after);
  });

  it('history: each change with its cause (this command), uptime over 24 h and 7 days, no outage', async () => {
    const human = await lobsterpot(world, ['history', 'alpha']);
    expect(human.code, human.err).toBe(0);
    const lines = human.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^alpha: up (100|\d\d\.\d) % over 24 h, (100|\d\d\.\d) % over 7 days$/);
    // Acting itself, the command is the cause of every change it waits for, the ready included.
    expect(lines).toContainEqual(
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}starting +a person \(cli\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/ ready +a person \(cli\)$/));
    expect(lines.at(-1)).toBe('No outages in the last 7 days.');
    const report = await json(['history', 'alpha', '-n', '3']);
    const entries = report.value.entries as { state: string; cause?: { kind: string; by: string } }[];
    expect(entries).toHaveLength(3);
    expect(entries.at(-1)).toMatchObject({ state: 'ready' });
    expect(report.value.uptime24h).toMatchObject({ ratio: expect.any(Number) });
    expect((await lobsterpot(world, ['history', 'nobody'])).code).toBe(3);
  });

  it('doctor: refused (exit 3) for a gateway that is not a config error', async () => {
    const refused = await lobsterpot(world, ['doctor', 'alpha']);
    expect(refused.code).toBe(3);
    expect(refused.err).toContain('alpha is ready, not a config error from exit 78: the doctor is not needed');
  });

  it('backup, then restore into a new profile with its own port; never over an existing one', async () => {
    const into = join(world.home, 'archives');
    const backup = await json(['backup', 'alpha', '--output', into]);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.value).toMatchObject({ profile: 'alpha', method: 'openclaw', bytes: expect.any(Number) });
    const archive = backup.value.archive as string;
    expect(archive.startsWith(into)).toBe(true);
    expect(existsSync(archive)).toBe(true);

    const clash = await lobsterpot(world, ['restore', archive, 'tg1']);
    expect(clash.code).toBe(3);
    expect(clash.err).toContain("name 'tg1' is already a profile");

    const restored = await lobsterpot(world, ['restore', archive, 'copy']);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out.trim()).toMatch(/^restored copy on port \d+ \(ports \d+-\d+\) in .*\.openclaw-copy$/);
    const list = await json(['list']);
    const profiles = list.value.profiles as { name: string; port: number; configPath: string }[];
    const alpha = profiles.find((p) => p.name === 'alpha');
    const copy = profiles.find((p) => p.name === 'copy');
    expect(copy?.port).not.toBe(alpha?.port);
    const tokenOf = (path = '') => JSON.parse(readFileSync(path, 'utf8')).gateway.auth.token as string;
    expect(tokenOf(copy?.configPath)).not.toBe(tokenOf(alpha?.configPath));
  });
});
