import { describe, expect, it } from 'vitest';
import { filterLogs, mergeLogs, parseLogLine } from './logs-model.ts';

const E = '\x1b';
/** A console line as OpenClaw colours it: grey time, cyan subsystem, the message in its level's colour. */
const line = (time: string, subsystem: string, message: string, colour = 36) =>
  `${E}[90m${time}${E}[39m ${E}[36m[${subsystem}]${E}[39m ${E}[${colour}m${message}${E}[39m`;

describe('combined logs', () => {
  it('reads the time, the level by colour and the text without colours', () => {
    expect(parseLogLine('alpha', line('2026-11-29T11:21:38.229+00:00', 'gateway', 'ready'))).toEqual({
      profile: 'alpha',
      time: Date.parse('2026-11-29T11:21:38.229Z'),
      level: 'info',
      text: '[gateway] ready',
    });
    expect(parseLogLine('a', line('2026-11-29T11:21:38.229+00:00', 'hooks', 'slow hook', 33)).level).toBe('warn');
    expect(parseLogLine('a', line('2026-11-29T11:21:38.229+00:00', 'gateway', 'boom', 31)).level).toBe('error');
    expect(parseLogLine('a', 'Error: EADDRINUSE', 5).time).toBe(5);
    // The gateway runs with NO_COLOR under Lobsterpot: the words tell the level then.
    expect(parseLogLine('a', '2026-11-29T11:21:38.229+00:00 [gateway] remote model catalog refresh failed').level).toBe(
      'warn',
    );
    expect(parseLogLine('a', '2026-11-29T11:21:38.229+00:00 [gateway] Error: boom').level).toBe('error');
  });

  it('interleaves every gateway by time, each keeping its own order', () => {
    const merged = mergeLogs({
      alpha: [
        line('2026-11-29T10:00:01Z', 'gateway', 'a1'),
        '    at stack line',
        line('2026-11-29T10:00:03Z', 'gateway', 'a2'),
      ],
      beta: [line('2026-11-29T10:00:02Z', 'gateway', 'b1'), line('2026-11-29T10:00:04Z', 'gateway', 'b2')],
    });
    expect(merged.map((e) => `${e.profile}:${e.text.trim()}`)).toEqual([
      'alpha:[gateway] a1',
      'alpha:at stack line',
      'beta:[gateway] b1',
      'alpha:[gateway] a2',
      'beta:[gateway] b2',
    ]);
  });

  it('filters by profile, level and search', () => {
    const merged = mergeLogs({
      alpha: [line('2026-11-29T10:00:01Z', 'gateway', 'ready'), line('2026-11-29T10:00:02Z', 'gateway', 'boom', 31)],
      beta: [line('2026-11-29T10:00:03Z', 'hooks', 'slow', 33)],
    });
    const texts = (filter: Parameters<typeof filterLogs>[1]) => filterLogs(merged, filter).map((e) => e.text);
    expect(texts({ profiles: [], level: 'debug', search: '' })).toHaveLength(3);
    expect(texts({ profiles: ['beta'], level: 'debug', search: '' })).toEqual(['[hooks] slow']);
    expect(texts({ profiles: [], level: 'warn', search: '' })).toEqual(['[gateway] boom', '[hooks] slow']);
    expect(texts({ profiles: [], level: 'debug', search: 'READY' })).toEqual(['[gateway] ready']);
  });
});
