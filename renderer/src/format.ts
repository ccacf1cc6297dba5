import type { GatewayState, GatewayStatus, StartPhaseName } from '../../electron/contract/contract.ts';
import { formatDuration } from '../../electron/contract/format.ts';
import { STATES, type StateTraits } from '../../electron/contract/states.ts';

export const uptime = (ms: number) => formatDuration(ms);

/** How the window colours each state: the contract's one table of states (states.ts). */
export const stateTone: Record<GatewayState, StateTraits['tone']> = Object.fromEntries(
  (Object.keys(STATES) as GatewayState[]).map((state) => [state, STATES[state].tone]),
) as Record<GatewayState, StateTraits['tone']>;

const PHASE_WORDS: Record<StartPhaseName, string> = {
  spawned: 'spawned',
  listening: 'listening',
  'starting-up': 'starting up',
  ready: 'ready',
};

/** Where a start is, with the time so far: "starting up (startup-sidecars) · 4s of 6s"; null when not starting. */
export function phaseText(
  status: Pick<GatewayStatus, 'state' | 'phase' | 'startedAt'> | undefined,
  now: number,
): string | null {
  const phase = status?.phase;
  if (!phase) return null;
  const words = `${PHASE_WORDS[phase.name]}${phase.detail ? ` (${phase.detail})` : ''}`;
  if (phase.name === 'ready') return words;
  const inPhase = formatDuration(now - phase.since);
  const total = status.startedAt === null ? null : formatDuration(now - status.startedAt);
  return total && total !== inPhase ? `${words} · ${inPhase} of ${total}` : `${words} · ${inPhase}`;
}

/** The label a gateway's state shows: a saved change waiting for a restart reads `restart to apply`. */
export function stateLabel(status: Pick<GatewayStatus, 'state' | 'pendingRestart'> | undefined): string {
  const state = status?.state ?? 'stopped';
  return status?.pendingRestart && STATES[state].applies ? 'restart to apply' : state;
}

/**
 * A long path cut in the middle, so both its start (the volume) and its end (the folder that matters) stay readable:
 * `/home/me/…/workspace`. The whole path goes in the title and the copy button.
 */
export function middleEllipsis(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

/** Bytes as a person reads memory: "312 MB", "1.4 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/**
 * What the CPU and memory field says when it has no figures: `reading` is undefined before the first answer, null when
 * the OS tells nothing of the process, 'failed' when the ask failed; `blocked` says why nothing can be asked now.
 */
export function resourcesNote(
  pid: number | null,
  reading: object | null | undefined | 'failed',
  blocked: string | null,
): string | null {
  if (pid === null) return '–';
  if (blocked !== null) return 'not measured now';
  if (reading === undefined) return 'measuring…';
  if (reading === 'failed') return 'could not be measured';
  if (reading === null) return 'not available for this process';
  return null;
}
