// Keyboard focus inside a modal dialog: Tab and Shift+Tab cycle through its controls and never leave it.

/** The elements a dialog can focus, in tab order. */
export const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Where Tab moves focus among `count` controls from `current` (-1: focus is outside them): the next one, wrapping at
 * the ends, so focus stays in the dialog.
 */
export function nextFocusIndex(count: number, current: number, backwards: boolean): number | null {
  if (count === 0) return null;
  if (current < 0) return backwards ? count - 1 : 0;
  return backwards ? (current - 1 + count) % count : (current + 1) % count;
}
