// Words for a person about history, ownership, versions and the watchdog, shared by the window and the `lobsterpot`
// command so both say the same thing. Pure.
import type { GatewayStatus, WatchdogStatus } from '../../contract/contract.ts';
import { formatDuration } from '../../contract/format.ts';
import type { HistoryCause, HistoryEntry, Uptime } from './history.ts';

/** Why a state changed, in a few words: "cli", "crash: killed (SIGKILL)", "restart policy", "found running". */
export function causeText(cause: HistoryCause | null | undefined): string {
  if (!cause) return '-';
  switch (cause.kind) {
    case 'person':
      return `a person (${cause.by ?? 'unknown'})`;
    case 'crash':
      return `crash: ${cause.by ?? exitText(cause.exit)}`;
    case 'policy':
      return cause.by ?? 'restart policy';
    case 'health':
      return `health (${cause.by ?? 'probe'})`;
    case 'adopted':
      return cause.by ?? 'found running';
    case 'doctor':
      return `doctor${cause.by ? ` (${cause.by})` : ''}`;
    case 'openclaw':
      return cause.by ?? 'OpenClaw asked for a restart';
    case 'alert':
      return cause.by ?? "the watchdog's alert";
    case 'update':
      return `update${cause.by ? ` (${cause.by})` : ''}`;
    case 'rollback':
      return `rollback${cause.by ? ` (${cause.by})` : ''}`;
  }
}

function exitText(exit: HistoryCause['exit']): string {
  if (!exit) return 'exited';
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? '?'}`;
}

/** One history entry's cause with its reason, when the reason says more than the state. */
export function entryText(entry: HistoryEntry): string {
  const { cause, reason } = entry;
  // A crash's reason often begins with what the cause says ("killed (SIGKILL), not by Lobsterpot…"): said once.
  if (cause?.kind === 'crash' && cause.by && reason?.startsWith(cause.by)) return `crash: ${reason}`;
  const said = causeText(cause);
  return [said, reason === said ? null : reason].filter((part) => part && part !== '-').join(' — ') || '-';
}

/** "99.2 %", "100 %", or "unknown" when the window holds no time meant to run. */
export function uptimeText(uptime: Pick<Uptime, 'ratio'>): string {
  if (uptime.ratio === null) return 'unknown';
  const percent = uptime.ratio * 100;
  return `${percent === 100 || percent === 0 ? percent.toFixed(0) : Math.min(99.9, percent).toFixed(1)} %`;
}

/** Who runs the gateway: "Lobsterpot", "its OS service", or what runs it when Lobsterpot did not start it. */
export function ownerText(status: Pick<GatewayStatus, 'owner' | 'supervisor' | 'pid'>): string {
  const supervisor = status.supervisor
    ? `${status.supervisor.name}${status.supervisor.pid !== null ? ` (pid ${status.supervisor.pid})` : ''}`
    : null;
  if (status.pid === null) return 'not running';
  if (status.owner === 'lobsterpot') return 'Lobsterpot';
  if (status.owner === 'service') return `its OS service${supervisor ? `: ${supervisor}` : ''}`;
  return supervisor ? `another supervisor: ${supervisor}` : 'started outside Lobsterpot';
}

/** "runs 2026.9.5, 2026.9.6 installed: restart to update"; null when there is nothing to say. */
export function versionText(versions: GatewayStatus['versions'] | undefined): string | null {
  if (!versions?.restartToUpdate) return null;
  return `runs OpenClaw ${versions.running}, ${versions.installed} is installed: restart to update`;
}

/** The watchdog's alert in words; null when there is none. */
export function watchdogText(watchdog: WatchdogStatus | null | undefined, now: number): string | null {
  if (!watchdog) return null;
  const down = `meant to run, not ready for ${formatDuration(now - watchdog.since)}`;
  if (watchdog.acknowledged) return `${down} (acknowledged)`;
  if (!watchdog.alerts) return down;
  const next = watchdog.nextAt !== null ? `, next in ${formatDuration(Math.max(0, watchdog.nextAt - now))}` : '';
  return `${down}: ${watchdog.alerts} alert${watchdog.alerts === 1 ? '' : 's'}${next}`;
}

/** An alert someone should look at: raised and not acknowledged. */
export const watchdogRaised = (watchdog: WatchdogStatus | null | undefined) =>
  !!watchdog && watchdog.alerts > 0 && !watchdog.acknowledged;

/** Bytes of an archive: "812 KB", "3.4 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** What a restart met: the active work a when-idle restart waited out, or the work an immediate one drained. */
export function restartNote(outcome: { activeWork: string | null; waitedMs: number | null }): string | null {
  const { activeWork, waitedMs } = outcome;
  if (waitedMs === null) return activeWork ? `it had active work (${activeWork}); it drained first` : null;
  return activeWork
    ? `waited ${formatDuration(waitedMs)} until its active work ended (${activeWork})`
    : 'no active work: restarted at once';
}
