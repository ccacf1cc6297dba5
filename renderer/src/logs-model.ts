// Every gateway's log in one view: lines parsed (time, level, text without colours), interleaved by time, filtered.
// Pure, so the merge and the filters are tested without a DOM.

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export interface LogEntry {
  profile: string;
  /** Epoch ms from the line's timestamp, or the previous line's when it has none (a stack trace's lines). */
  time: number | null;
  level: LogLevel;
  text: string;
}

// eslint-disable-next-line no-control-regex -- ANSI colour sequences are what is matched
const ANSI = /\x1b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex -- the colour that opens the message tells its level
const MESSAGE_COLOUR = /\x1b\[(\d+)m[^\x1b]*(?:\x1b\[39m)?\s*$/;
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))\s*/;

/** One console line: OpenClaw colours the message by level (red error, yellow warning, grey debug). */
export function parseLogLine(profile: string, line: string, previousTime: number | null = null): LogEntry {
  const plain = line.replace(ANSI, '');
  const stamp = TIMESTAMP.exec(plain);
  const time = stamp?.[1] ? Date.parse(stamp[1]) : previousTime;
  const text = stamp ? plain.slice(stamp[0].length) : plain;
  return { profile, time: Number.isNaN(time) ? previousTime : time, level: levelOf(line, text), text };
}

function levelOf(raw: string, text: string): LogLevel {
  const colour = MESSAGE_COLOUR.exec(raw)?.[1];
  if (colour === '31' || colour === '91') return 'error';
  if (colour === '33' || colour === '93') return 'warn';
  if (/\b(error|fatal|uncaught|EADDRINUSE)\b/i.test(text)) return 'error';
  if (/\bwarn(ing)?\b|\bfailed\b/i.test(text)) return 'warn';
  if (colour === '90' || /\bdebug\b/i.test(text)) return 'debug';
  return 'info';
}

/** One profile's lines as entries; lines without a timestamp take the one before theirs. */
export function parseLog(profile: string, lines: readonly string[]): LogEntry[] {
  let time: number | null = null;
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const entry = parseLogLine(profile, line, time);
      time = entry.time;
      return entry;
    });
}

/** Every profile's entries in one list by time; a stable merge, so each log keeps its own order. */
export function mergeLogs(logs: Readonly<Record<string, readonly string[]>>): LogEntry[] {
  const all = Object.entries(logs).flatMap(([profile, lines]) =>
    parseLog(profile, lines).map((entry, index) => ({ entry, index })),
  );
  return all.sort((a, b) => (a.entry.time ?? 0) - (b.entry.time ?? 0) || a.index - b.index).map(({ entry }) => entry);
}

export interface LogFilter {
  /** The profiles to show; empty shows every one. */
  profiles: readonly string[];
  /** The least severe level shown: `warn` shows warnings and errors. */
  level: LogLevel;
  search: string;
}

export function filterLogs(entries: readonly LogEntry[], filter: LogFilter): LogEntry[] {
  const worst = LOG_LEVELS.indexOf(filter.level);
  const search = filter.search.trim().toLowerCase();
  return entries.filter(
    (entry) =>
      (!filter.profiles.length || filter.profiles.includes(entry.profile)) &&
      LOG_LEVELS.indexOf(entry.level) <= worst &&
      (!search || entry.text.toLowerCase().includes(search) || entry.profile.toLowerCase().includes(search)),
  );
}
