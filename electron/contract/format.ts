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
