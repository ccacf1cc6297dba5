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

/** The gateway's own words for why it stopped: from the failure line on, at most a few lines. */
export function failureWords(lines: readonly string[]): string | null {
  const text = lines.map(consoleText).filter(Boolean);
  const at = text.findLastIndex((line) =>
    /Gateway failed to start|Missing config|Config validation failed|Invalid config|refus|EADDRINUSE|Error:/i.test(
      line,
    ),
  );
  const picked = at >= 0 ? text.slice(at, at + 5) : text.slice(-2);
  const words = picked.join(' ').replace(/\s+/g, ' ').trim();
  return words ? (words.length > 600 ? `${words.slice(0, 597)}…` : words) : null;
}

/** Exit 1 with EADDRINUSE: another process holds the port (OpenClaw waits ~14 s before saying so). */
export function isPortInUse(code: number | null, lines: readonly string[]): boolean {
  return code === 1 && lines.some((line) => /EADDRINUSE|already listening|is already in use/i.test(line));
}
