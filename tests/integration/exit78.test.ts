// Issue 25: exit 78 has more than one meaning. The real gateway is made to show the one that the doctor cannot fix: a
// state database written by a newer build (its schema version raised past what 2026.9.6 supports, as a newer
// OpenClaw would leave it). The config-error meaning, where the doctor is offered, is peer.test.ts's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { World } from './world.ts';

describe('exit 78 from a state database newer than the build (real gateway 2026.9.6)', () => {
  let world: World;
  let manager: Manager;

  beforeAll(async () => {
    world = await World.create();
    manager = await world.manager();
  });

  afterAll(async () => {
    await world?.dispose();
  });

  it('is no config error: the doctor is not offered, and the reason says to run a newer OpenClaw or restore', async () => {
    const profile = await manager.execute('profiles.create', { name: 'later', port: world.basePort });
    // One start writes the state database; then a newer build's schema version is what it holds.
    expect((await manager.execute('gateway.start', { name: 'later' })).state).toBe('ready');
    await manager.execute('gateway.stop', { name: 'later' });
    const db = new DatabaseSync(join(profile.stateDir, 'state', 'openclaw.sqlite'));
    db.exec('PRAGMA user_version = 9999');
    db.close();

    const failed = await manager.execute('gateway.start', { name: 'later' });
    expect(failed).toMatchObject({
      state: 'config-error',
      lastExit: { code: 78, meaning: 'state newer than this OpenClaw (exit 78)' },
      doctor: { offered: false },
    });
    expect(failed.reason).toMatch(/written by a newer OpenClaw \(schema 9999; this OpenClaw supports \d+\)/);
    expect(failed.reason).toMatch(/restore the backup taken before the update$/);
    await expect(manager.execute('gateway.doctor', { name: 'later' })).rejects.toThrow(
      /no config error but state newer than this OpenClaw \(exit 78\), which the doctor cannot fix/,
    );
  });
});
