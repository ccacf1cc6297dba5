import { describe, expect, it } from 'vitest';
import { settingFixFor } from '../../electron/gateways/common/browser-summary.ts';
import { settingTaken } from './browser-model.ts';

describe('a setting set from the browser card', () => {
  const fix = settingFixFor('Running as root without --no-sandbox is not supported')!;

  it('is in force only once the gateway reports it (a start before the reload still runs without it)', () => {
    expect(settingTaken(fix, { running: false, noSandbox: false })).toBe(false);
    expect(settingTaken(fix, { running: false })).toBe(false);
    expect(settingTaken(fix, { running: false, noSandbox: 'true' })).toBe(false);
    expect(settingTaken(fix, { running: false, noSandbox: true })).toBe(true);
  });
});
