// Issue 25, competing launchers: a unit file that would also start a profile's gateway, put where OpenClaw's own
// `gateway install` writes it (this machine has no systemd user manager, so OpenClaw cannot install one here: the
// file is written by the test), is named by the real audit with its fix. No gateway is started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { World } from './world.ts';

describe.skipIf(process.platform !== 'linux')('competing launchers in the isolation audit', () => {
  let world: World;
  let manager: Manager;

  beforeAll(async () => {
    world = await World.create();
    manager = await world.manager();
    await manager.execute('profiles.create', { name: 'work', port: world.basePort });
  });

  afterAll(async () => {
    await world?.dispose();
  });

  it('names a systemd user unit of the profile, and a legacy openclaw-<profile> one, with their fixes', async () => {
    const before = await manager.execute('audit.run', {});
    expect(before.findings.filter((f) => f.kind === 'competing-launcher')).toEqual([]);
    const units = join(world.home, '.config', 'systemd', 'user');
    mkdirSync(units, { recursive: true });
    for (const name of ['openclaw-gateway-work.service', 'openclaw-work.service'])
      writeFileSync(join(units, name), '[Service]\nExecStart=/usr/bin/openclaw --profile work gateway run\n');
    const after = await manager.execute('audit.run', {});
    const found = after.findings.filter((f) => f.kind === 'competing-launcher');
    expect(found.map((f) => [f.severity, f.profiles, f.message.split(':')[0]])).toEqual([
      ['warning', ['work'], "a systemd user unit would also start work's gateway"],
      ['warning', ['work'], "a systemd user unit would also start work's gateway"],
    ]);
    expect(found[0]?.message).toContain('openclaw-gateway-work.service');
    expect(found[1]?.message).toContain('openclaw-work.service (a legacy name)');
    expect(found[0]?.fix).toContain('gateway uninstall');
  });
});
