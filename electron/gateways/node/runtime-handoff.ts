// OpenClaw's supervisor contract for one profile: a supervisor that stays runs the gateway in external mode where the
// runtime supports it (probed), and takes the restart hand-off it leaves when it exits for a restart it wants.
import { handoffText } from '../../openclaw/common/handoff.ts';
import { consumeHandoff } from '../../openclaw/node/handoff.ts';
import type { ProfileRuntime } from './profile-runtime.ts';

/**
 * `external` when this process stays to take hand-offs and the runtime said it supports them; else the in-process
 * mode. Never waited for: a start before the probe has answered (a cold CLI start, 10–15 s, once per runtime: the
 * answer is kept) runs in the in-process mode.
 */
export function supervisorMode(runtime: ProfileRuntime): 'external' | undefined {
  // A profile on another install than the located one has no probe of its own: it runs in the in-process mode.
  return runtime.deps.host.supervises && runtime.openclawRuntime().handoff?.supported ? 'external' : undefined;
}

/** Whether the gateway can have left a hand-off: spawned in external mode, or (adopted) found while it is supported. */
export const handsOff = (runtime: ProfileRuntime): boolean =>
  runtime.supervisorMode === 'external' || supervisorMode(runtime) === 'external';

/** The hand-off the gateway with `pid` left, consumed: its cause in words, with the config read afresh; else null. */
export async function takeHandoff(runtime: ProfileRuntime, pid: number): Promise<string | null> {
  if (!handsOff(runtime)) return null;
  const { openclaw, store } = runtime.deps;
  const handoff = await consumeHandoff(openclaw.cli(), runtime.target, pid);
  if (!handoff) return null;
  // The new process runs on what the config says now (a new base port, say), not on what was read before.
  await store.registry.readConfig(runtime.profile, true);
  return handoffText(handoff);
}
