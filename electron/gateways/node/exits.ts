// What a gateway's exit means, in words, from its code, its signal and what it printed last.

export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return signal === 'SIGKILL' ? 'killed (SIGKILL)' : `ended by ${signal}`;
  switch (code) {
    case null:
      return 'exited (not observed)';
    case 0:
      return 'clean stop (exit 0)';
    case 1:
      return 'failed (exit 1)';
    case 2:
      return 'usage error (exit 2)';
    case 78:
      return 'config error (exit 78)';
    case 137:
      return 'killed (exit 137)';
    default:
      return `exit ${code}`;
  }
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)\s+/;

/** A console line as text: timestamps dropped, JSON console style reduced to its message. */
export function consoleText(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const entry = JSON.parse(trimmed) as { message?: unknown };
      if (typeof entry.message === 'string') return entry.message;
    } catch {
      // not JSON after all
    }
  }
  return trimmed.replace(TIMESTAMP, '');
}

const FAILURE =
  /Gateway failed to start|Missing config|Config validation failed|Invalid config|refus|EADDRINUSE|Error:|FATAL|out of memory/i;

/**
 * The gateway's own words for why it stopped: its failure line (and a few after it) among the last `tail` lines it
 * printed, else its last two lines (unless `fallback` is false). Older lines explain nothing about this exit.
 */
export function failureWords(
  lines: readonly string[],
  options: { tail?: number; fallback?: boolean } = {},
): string | null {
  const text = lines
    .map(consoleText)
    .filter(Boolean)
    .slice(-(options.tail ?? 20));
  const at = text.findLastIndex((line) => FAILURE.test(line));
  const picked = at >= 0 ? text.slice(at, at + 5) : options.fallback === false ? [] : text.slice(-2);
  const words = picked.join(' ').replace(/\s+/g, ' ').trim();
  return words ? (words.length > 600 ? `${words.slice(0, 597)}…` : words) : null;
}

/**
 * Why a process ended, in words. A signal names who sent it when that is known (`killedBy`: "Lobsterpot (why)", or
 * "not Lobsterpot"), and quotes the process's lines only when its very last ones say why (a fatal error before an
 * abort); a SIGKILL leaves the process no time to print, so older lines would be unrelated. A failed exit quotes its
 * failure line.
 */
export function crashWords(
  exit: { code: number | null; signal: string | null },
  lines: readonly string[],
  killedBy: string | null,
): string {
  const meaning = describeExit(exit.code, exit.signal);
  if (exit.signal) {
    const by =
      killedBy === 'not Lobsterpot'
        ? ', not by Lobsterpot (another process or the OS, e.g. out of memory)'
        : killedBy
          ? ` by ${killedBy}`
          : '';
    const words = exit.signal === 'SIGKILL' ? null : failureWords(lines, { tail: 5, fallback: false });
    return `${meaning}${by}${words ? `: ${words}` : ''}`;
  }
  if (exit.code === 0) return meaning;
  const words = failureWords(lines);
  return `${meaning}${words ? `: ${words}` : ''}`;
}

/** Exit 1 with EADDRINUSE: another process holds the port (OpenClaw waits ~14 s before saying so). */
export function isPortInUse(code: number | null, lines: readonly string[]): boolean {
  return code === 1 && lines.some((line) => /EADDRINUSE|already listening|is already in use/i.test(line));
}
