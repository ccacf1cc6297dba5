import { describe, expect, it } from 'vitest';
import { defaultWatchdogPolicy } from '../../gateways/common/history.ts';
import { FakeClock } from '../../platform/node/clock.ts';
import { Watchdog } from './watchdog.ts';

describe('Watchdog', () => {
  it('alerts for a gateway meant to run and not ready, repeats with backoff, stops when acknowledged', async () => {
    const clock = new FakeClock(0);
    const alerts: { at: number; message: string }[] = [];
    const watchdog = new Watchdog({
      clock,
      policy: () => defaultWatchdogPolicy,
      alert: (_profile, _status, message) => alerts.push({ at: clock.now(), message }),
    });
    const look = () =>
      watchdog.check([
        { profile: 'main', state: 'crash-looping', meantToRun: true },
        { profile: 'off', state: 'stopped', meantToRun: false },
      ]);
    for (let minute = 0; minute <= 10; minute++) {
      look();
      await clock.advance(60_000);
    }
    expect(alerts.map((a) => a.at / 60_000)).toEqual([2, 4, 8]);
    expect(alerts[0]?.message).toBe('main is meant to run but has not been ready for 2 min (now crash-looping)');
    expect(watchdog.status('main')).toMatchObject({ since: 0, alerts: 3, acknowledged: false });
    expect(watchdog.status('off')).toBeNull();
    expect(watchdog.acknowledge('main')).toBe(true);
    for (let minute = 0; minute <= 120; minute++) {
      look();
      await clock.advance(60_000);
    }
    expect(alerts).toHaveLength(3);
    watchdog.check([{ profile: 'main', state: 'ready', meantToRun: true }]);
    expect(watchdog.status('main')).toBeNull();
  });
});
