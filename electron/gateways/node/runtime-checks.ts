// The checks a command makes before it acts on a profile's gateway: preflight before a spawn, the config check
// before a restart stops anything, the active work before a graceful stop.
import { LobsterpotError } from '../../contract/contract.ts';
import { DEV_PROFILE } from '../../profiles/common/names.ts';
import { listListeners } from '../../platform/node/sockets.ts';
import { activeWorkOf, withRpc, type RestartPreflight } from './probes.ts';
import type { ProfileRuntime } from './profile-runtime.ts';
import { adopt } from './runtime-adoption.ts';

/** The checks before a spawn; `running` when a gateway of this profile is already there (now adopted). */
export async function preflight(runtime: ProfileRuntime): Promise<'spawn' | 'running'> {
  const { profile, name, deps } = runtime;
  await deps.store.registry.readConfig(profile);
  if (!profile.configured) throw new LobsterpotError('refused', `${name}: ${profile.configError}`);
  deps.openclaw.cli();
  if (!profile.config) {
    runtime.gateway.block('config-error', profile.configError ?? 'the config cannot be read');
    throw new LobsterpotError('refused', `${name}: ${profile.configError}`);
  }
  // A config that parses but lacks gateway.mode is started anyway: OpenClaw refuses it in ~1 s with exit 78, and
  // its own words (which say what to run) become the config-error reason.
  if (profile.config.port === null && name !== DEV_PROFILE) {
    throw new LobsterpotError(
      'refused',
      `${name} has no gateway.port in its config: a gateway started without it is not found by status. Set its base port first (suggested: ${deps.ports.suggestPort(name)}).`,
    );
  }
  await adopt(runtime);
  if (runtime.isRunning()) return 'running';
  const base = runtime.basePort();
  const holder = (await listListeners(new Set([base])))[0];
  if (holder) {
    const who = holder.pid ? `pid ${holder.pid}${holder.command ? ` (${holder.command})` : ''}` : 'another process';
    const reason = `port ${base} is already in use by ${who}`;
    runtime.blockedBy = holder.pid ? { pid: holder.pid, port: base, at: deps.clock.now() } : null;
    runtime.gateway.block('port-blocked', reason);
    throw new LobsterpotError('refused', `${name}: ${reason}`);
  }
  await deps.ports.refreshListeners();
  const blocking = deps.ports.blockingFindings(runtime.portProfile());
  if (blocking.length)
    throw new LobsterpotError('refused', `${name}: ${blocking.map((f) => `${f.message} — ${f.fix}`).join('; ')}`);
  if (runtime.service.installed) {
    await runtime.services().start(name);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !runtime.gateway.isActive) {
      await adopt(runtime);
      if (!runtime.gateway.isActive) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return 'running';
  }
  return 'spawn';
}

/** A restart stops nothing unless the gateway could start again: the config must parse and pass OpenClaw's check. */
export async function checkRestart(runtime: ProfileRuntime): Promise<void> {
  const { profile, name, deps } = runtime;
  await deps.store.registry.readConfig(profile, true);
  const { config, configError } = profile;
  if (!config) throw new LobsterpotError('refused', `${name}: not restarted, it keeps running: ${configError}`);
  const problems = await deps.openclaw
    .cli()
    .validateConfig(runtime.target)
    .catch(() => []);
  if (problems.length)
    throw new LobsterpotError('refused', `${name}: not restarted, it keeps running: ${problems.join('; ')}`);
}

/** Active work before a graceful stop; Lobsterpot's own preflight request is not work. */
export async function activeWork(runtime: ProfileRuntime): Promise<string | null> {
  const token = runtime.profile.config?.token;
  if (!token) return null;
  const preflight = await withRpc(runtime.port(), token, (rpc) =>
    rpc.call<RestartPreflight>('gateway.restart.preflight', {}, 2000),
  ).catch(() => null);
  return activeWorkOf(preflight);
}
