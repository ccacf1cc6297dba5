// Text for people, shared by the window and the `lobsterpot` command. Pure.

/**
 * A duration in its two largest units: "42s", "3m 5s", "2h 10m", "1d 4h". `compact` packs it for a table column
 * ("3m05s"), where a space would split the cell.
 */
export function formatDuration(ms: number, options: { compact?: boolean } = {}): string {
  const join = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    options.compact
      ? `${big}${bigUnit}${String(small).padStart(2, '0')}${smallUnit}`
      : `${big}${bigUnit} ${small}${smallUnit}`;
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return join(m, 'm', s % 60, 's');
  const h = Math.floor(m / 60);
  return h < 24 ? join(h, 'h', m % 60, 'm') : join(Math.floor(h / 24), 'd', h % 24, 'h');
}

/** The edit distance between two words (Levenshtein), for "did you mean". */
export function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next.push(
        Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)),
      );
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The candidate closest to `word`, when it is close enough to be what was meant. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}
