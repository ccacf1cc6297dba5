// Where a new base port fits: the nearest point outside the intervals other profiles, listeners and the OS hold. Pure.
import type { Listener } from './findings.ts';
import {
  DEFAULT_GATEWAY_PORT,
  DEV_GATEWAY_PORT,
  FOOTPRINT_SPAN,
  MAX_BASE_PORT,
  MIN_PORT,
  RECOMMENDED_SPACING,
  type PortRange,
} from './ports.ts';
import type { Prepared } from './prepared.ts';

/**
 * The merged intervals no base may fall in: the recommended spacing around every other base and the defaults, every
 * port a footprint could reach from a named port or a listener that is not `excludeKey`'s own, the ephemeral range.
 */
export function blockedBases(
  profiles: readonly Prepared[],
  listeners: readonly Listener[],
  range: PortRange | null,
  excludeKey: string | undefined,
): [number, number][] {
  const blocked: [number, number][] = [];
  const reserveBase = (base: number) => blocked.push([base - RECOMMENDED_SPACING + 1, base + RECOMMENDED_SPACING - 1]);
  const reservePort = (port: number) => blocked.push([port - FOOTPRINT_SPAN, port]);
  reserveBase(DEFAULT_GATEWAY_PORT);
  reserveBase(DEV_GATEWAY_PORT);
  for (const profile of profiles) {
    if (profile.key === excludeKey) continue;
    if (profile.base !== null) reserveBase(profile.base);
    for (const extra of profile.extras) reservePort(extra.port);
  }
  for (const listener of listeners) {
    if (listener.profile != null && listener.profile.toLowerCase() === excludeKey) continue;
    reservePort(listener.port);
  }
  if (range) blocked.push([range.from - FOOTPRINT_SPAN, range.to]);
  return mergeIntervals(blocked);
}

export function clamp(port: number): number {
  if (!Number.isFinite(port)) return 20000;
  return Math.min(MAX_BASE_PORT, Math.max(MIN_PORT, Math.round(port)));
}

/** The point of [min, max] nearest to `near` that lies in none of the closed intervals `blocked` (upwards on ties). */
export function nearestFree(blocked: [number, number][], near: number, min: number, max: number): number | null {
  return nearestFreeIn(mergeIntervals(blocked), near, min, max);
}

/** Closed intervals sorted and merged where they overlap or touch. */
export function mergeIntervals(blocked: [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [from, to] of blocked.sort((x, y) => x[0] - y[0])) {
    const last = merged.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** nearestFree over intervals already merged: a binary search for the one that could hold `near`. */
export function nearestFreeIn(
  merged: readonly [number, number][],
  near: number,
  min: number,
  max: number,
): number | null {
  let low = 0;
  let high = merged.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((merged[mid] as [number, number])[1] < near) low = mid + 1;
    else high = mid;
  }
  const candidate = merged[low];
  const holding = candidate && candidate[0] <= near ? candidate : undefined;
  if (!holding) return near;
  const up = holding[1] + 1 <= max ? holding[1] + 1 : null;
  const down = holding[0] - 1 >= min ? holding[0] - 1 : null;
  if (up === null) return down;
  if (down === null) return up;
  return up - near <= near - down ? up : down;
}
