// OpenClaw's versions as text, pure: what `npm install openclaw@<v>` takes, and their order.

/** An npm version of OpenClaw (`2026.4.27`, `2026.9.6-beta.1`). */
export const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9a-z.-]+)?$/i;

export const isVersionTarget = (target: string): boolean => VERSION_PATTERN.test(target);

/** Numeric order of OpenClaw's date versions (`2026.4.27` < `2026.9.6`); unknown ones last. */
export function compareVersions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b, undefined, { numeric: true });
}
