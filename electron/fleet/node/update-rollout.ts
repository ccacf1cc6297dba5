// An OpenClaw update as the supervisor does it: the first profile restarts on the target install as a canary; ready
// again, the others follow one at a time through the rolling restart (rolling.ts), stopping at the first that does not
// come back; a profile that does not come back is put back on the install it ran and restarted there. Effects are
// injected: which install a profile runs (its `openclawRuntime` flag), a restart, a history note, the clock.
import type { GatewayState, GatewayStatus, RolloutStep, UpdateReport } from '../../contract/contract.ts';
import { restartAll } from './rolling.ts';

export interface RolloutProfile {
  profile: string;
  /** Its state before: a gateway degraded before (a channel down) may come back degraded. */
  before: GatewayState;
  /** Its `openclawRuntime` flag now (null: the located install): what a rollback sets again. */
  pinned: string | null;
  /** The install it runs now (its entry), for the report. */
  from: string | null;
  /** Running: restarted on the target; stopped: only set to run it at its next start. */
  running: boolean;
}

export interface RolloutTarget {
  version: string | null;
  path: string;
  /** The flag that selects it (null when it is the located install). */
  pin: string | null;
}

export interface RolloutEffects {
  pin(profile: string, pin: string | null): Promise<void>;
  restart(profile: string): Promise<GatewayStatus>;
  note(profile: string, kind: 'update' | 'rollback', by: string, reason: string): Promise<void>;
  now(): number;
}

const named = (target: { version: string | null; path: string }) => target.version ?? target.path;

export async function rollOut(
  target: RolloutTarget,
  profiles: readonly RolloutProfile[],
  effects: RolloutEffects,
  dryRun: boolean,
): Promise<UpdateReport> {
  const running = profiles.filter((p) => p.running);
  const stopped = profiles.filter((p) => !p.running);
  const report: UpdateReport = {
    target: { version: target.version, path: target.path },
    dryRun,
    plan: running.map((p) => ({ profile: p.profile, from: p.from })),
    canary: null,
    rolled: [],
    rolledBack: null,
    notTried: [],
    pinnedOnly: stopped.map((p) => p.profile),
    message: '',
  };
  const [canary, ...rest] = running;
  const later = stopped.length
    ? ` ${stopped.map((p) => p.profile).join(', ')} (not running) would start on it next time.`
    : '';
  if (dryRun) {
    report.message = canary
      ? `Would restart ${canary.profile} on OpenClaw ${named(target)} as the canary${rest.length ? `, then ${rest.map((p) => p.profile).join(', ')} one at a time` : ''}.${later}`
      : `No running gateway to update.${later}`;
    return report;
  }
  for (const p of stopped) await effects.pin(p.profile, target.pin);

  const steps = new Map<string, RolloutStep>();
  const restartOn = async (profile: RolloutProfile): Promise<GatewayStatus> => {
    const started = effects.now();
    await effects.note(
      profile.profile,
      'update',
      `to ${named(target)}`,
      `restarting on OpenClaw ${named(target)} (${target.path})`,
    );
    await effects.pin(profile.profile, target.pin);
    try {
      const status = await effects.restart(profile.profile);
      steps.set(profile.profile, step(profile.profile, target.path, status, started, effects.now()));
      return status;
    } catch (error) {
      steps.set(profile.profile, failedStep(profile.profile, target.path, error, started, effects.now()));
      throw error;
    }
  };
  const byName = new Map(running.map((p) => [p.profile, p]));
  const roll = (group: readonly RolloutProfile[]) =>
    restartAll(
      group.map((p) => ({ profile: p.profile, before: p.before })),
      (name) => restartOn(byName.get(name) as RolloutProfile),
      true,
    );

  if (!canary) {
    report.message = `No running gateway to update.${stopped.length ? ` ${stopped.map((p) => p.profile).join(', ')} will start on OpenClaw ${named(target)}.` : ''}`;
    return report;
  }
  const first = await roll([canary]);
  report.canary = settle(steps.get(canary.profile), first.failed[0]?.reason);
  if (first.failed.length) {
    report.rolledBack = await rollBack(canary, report.canary, effects);
    report.notTried = rest.map((p) => p.profile);
    report.message = `The canary ${canary.profile} did not come back ready on OpenClaw ${named(target)} (${report.canary.reason}); ${rolledBackText(report.rolledBack)}.${rest.length ? ` Not tried: ${report.notTried.join(', ')}.` : ''}`;
    return report;
  }
  const others = await roll(rest);
  report.rolled = rest
    .filter((p) => steps.has(p.profile))
    .map((p) => settle(steps.get(p.profile), others.failed.find((f) => f.profile === p.profile)?.reason));
  report.notTried = others.notTried;
  const failed = report.rolled.find((s) => !s.ok);
  if (failed) {
    report.rolledBack = await rollBack(byName.get(failed.profile) as RolloutProfile, failed, effects);
    const done = [canary.profile, ...report.rolled.filter((s) => s.ok).map((s) => s.profile)];
    report.message = `${failed.profile} did not come back ready on OpenClaw ${named(target)} (${failed.reason}); ${rolledBackText(report.rolledBack)}. The roll stopped: ${done.join(', ')} run ${named(target)}${report.notTried.length ? `; not tried: ${report.notTried.join(', ')}` : ''}.`;
    return report;
  }
  report.message = `${[canary.profile, ...rest.map((p) => p.profile)].join(', ')} run${running.length === 1 ? 's' : ''} OpenClaw ${named(target)} (canary ${canary.profile}).${later}`;
  return report;
}

/** The profile back on the install it ran (its flag as it was), restarted there. */
async function rollBack(profile: RolloutProfile, failed: RolloutStep, effects: RolloutEffects): Promise<RolloutStep> {
  const started = effects.now();
  const back = profile.from ?? 'the located OpenClaw';
  await effects.note(
    profile.profile,
    'rollback',
    `to ${back}`,
    `not ready on the new OpenClaw (${failed.reason}): back on ${back}`,
  );
  await effects.pin(profile.profile, profile.pinned);
  try {
    const status = await effects.restart(profile.profile);
    const ok = status.state === 'ready' || (status.state === 'degraded' && profile.before === 'degraded');
    return { ...step(profile.profile, back, status, started, effects.now()), ok };
  } catch (error) {
    return failedStep(profile.profile, back, error, started, effects.now());
  }
}

const rolledBackText = (back: RolloutStep) =>
  back.ok
    ? `rolled back: ${back.profile} is ${back.state} again on ${back.to}`
    : `rolled back to ${back.to}, where ${back.profile} is ${back.state ?? 'not running'}${back.reason ? ` (${back.reason})` : ''}`;

function step(profile: string, to: string, status: GatewayStatus, started: number, now: number): RolloutStep {
  return { profile, to, state: status.state, ok: true, reason: status.reason, tookMs: now - started };
}

function failedStep(profile: string, to: string, error: unknown, started: number, now: number): RolloutStep {
  return { profile, to, state: null, ok: false, reason: (error as Error).message, tookMs: now - started };
}

/** The step as the rolling restart judged it (ready, or degraded as before): a failure carries its reason. */
function settle(seen: RolloutStep | undefined, failure: string | undefined): RolloutStep {
  const base = seen ?? { profile: '?', to: '', state: null, ok: false, reason: failure ?? null, tookMs: 0 };
  return failure === undefined ? { ...base, ok: true } : { ...base, ok: false, reason: failure };
}
