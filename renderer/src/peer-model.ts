// What the window offers about ownership, rolling restarts, the audit and the doctor: pure, from the contract's data.
import type { AuditFinding } from '../../electron/fleet/common/audit.ts';
import type { DoctorRun, GatewayStatus, RestartAllReport } from '../../electron/contract/contract.ts';
import { watchdogText } from '../../electron/gateways/common/gateway-text.ts';

export type HandOver = 'to-lobsterpot' | 'to-service';

/**
 * Which hand-over makes sense now: an installed OS service (running or not) can give the gateway to Lobsterpot; a
 * gateway Lobsterpot runs can go to a service. A gateway under pm2 or a shell has no service to hand over: none.
 */
export function handOverOffer(
  status: Pick<GatewayStatus, 'owner' | 'pid' | 'service' | 'state'> | undefined,
): HandOver | null {
  if (!status) return null;
  if (status.owner === 'service' || status.service.installed) return 'to-lobsterpot';
  if (status.owner === 'lobsterpot' && status.pid !== null && status.state !== 'stopping') return 'to-service';
  return null;
}

/** One line about a restart of them all, and whether it went well. */
export function restartAllSummary(report: RestartAllReport): { ok: boolean; text: string } {
  const restarted = report.restarted.map((r) => r.profile);
  if (!restarted.length && !report.failed.length)
    return { ok: true, text: 'No gateway was running: nothing restarted.' };
  const how = report.rolling ? 'one at a time' : 'all at once';
  const parts = [restarted.length ? `Restarted ${restarted.join(', ')} ${how}.` : ''];
  for (const failed of report.failed) parts.push(`${failed.profile} did not come back: ${failed.reason}.`);
  if (report.notTried.length) parts.push(`Not tried: ${report.notTried.join(', ')}.`);
  return { ok: !report.failed.length, text: parts.filter(Boolean).join(' ') };
}

/** "2 errors, 1 warning"; null when all is well. */
export function auditCounts(findings: readonly AuditFinding[]): string | null {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const words = [
    errors ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return words.length ? words.join(', ') : null;
}

/** The findings that name a profile, errors first (the audit already sorts them). */
export const findingsOf = (findings: readonly AuditFinding[], profile: string) =>
  findings.filter((f) => f.profiles.includes(profile));

/** How the doctor's run went, in one line. */
export function doctorSummary(run: DoctorRun): string {
  const how = run.code === 0 ? 'finished' : run.code === null ? 'could not finish' : `exited ${run.code}`;
  return `doctor --fix ${how}; then one start: ${run.retry ?? 'not tried'}`;
}

/**
 * The browser's notification for a watchdog alert, once per alert (they repeat with backoff until acknowledged);
 * `seen` is the number of alerts already announced for the profile.
 */
export function watchdogNotice(
  seen: number,
  status: Pick<GatewayStatus, 'profile' | 'state' | 'watchdog'>,
  now: number,
): { title: string; body: string } | null {
  const watchdog = status.watchdog;
  if (!watchdog || watchdog.acknowledged || watchdog.alerts <= seen) return null;
  return {
    title: `${status.profile}: meant to run, not ready (${status.state})`,
    body: `${watchdogText(watchdog, now)}. Acknowledge it in Lobsterpot to stop the repeats.`,
  };
}
