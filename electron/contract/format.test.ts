import { describe, expect, it } from 'vitest';
import { formatDuration } from './format.ts';

describe('durations', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(-5)).toBe('0s');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(185_000)).toBe('3m 5s');
    expect(formatDuration(2 * 3600_000 + 600_000)).toBe('2h 10m');
    expect(formatDuration(28 * 3600_000)).toBe('1d 4h');
  });

  it('packs them for a table column', () => {
    expect(formatDuration(185_000, { compact: true })).toBe('3m05s');
    expect(formatDuration(28 * 3600_000, { compact: true })).toBe('1d04h');
  });
});
