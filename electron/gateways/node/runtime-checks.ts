// The checks a command makes before it acts on a profile's gateway: preflight before a spawn, the config check
// before a restart stops anything, the active work before a graceful stop or a restart when idle.
import { LobsterpotError } from '../../contract/contract.ts';
import { DEV_PROFILE } from '../../profiles/common/names.ts';
import { listListeners } from '../../platform/node/sockets.ts';
import { activeWorkOf, withRpc, type RestartPreflight } from './probes.ts';
import type { ProfileRuntime } from './profile-runtime.ts';
import { adopt } from './runtime-adoption.ts';
import { configRefusal, portVerdict, type Refusal } from '../common/preflight.ts';
import type { WorkReading } from '../common/drain.ts';

/** The checks before a spawn (decided in common/preflight.ts); `running` when this profile's gateway is there (adopted). */
export async function preflight(runtime: ProfileRuntime): Promise<'spawn' | 'running'> {
  const { profile, name, deps } = runtime;
  await deps.store.registry.readConfig(profile);
  const refuse = (refusal: Refusal): never => {
    if (refusal.block) runtime.gateway.block(refusal.block.state, refusal.block.reason);
    throw new LobsterpotError('refused', refusal.message);
  };
  const config = configRefusal({
    name,
    configured: profile.configured,
    configError: profile.configError,
    readable: profile.config !== null,
    port: profile.config?.port ?? null,
    dev: name === DEV_PROFILE,
    suggest: () => deps.ports.suggestPort(name),
  });
  // A profile that is set up needs OpenClaw before anything else is looked at (its absence is the refusal then).
  if (profile.configured) deps.openclaw.cli();
  if (config) refuse(config);
  await adopt(runtime);
  if (runtime.isRunning()) return 'running';
  const base = runtime.basePort();
  const holder = (await listListeners(new Set([base])))[0] ?? null;
  // The listeners are read again only when the base port is free: a refusal then names who holds the rest.
  if (!holder) await deps.ports.refreshListeners();
  const verdict = portVerdict({
    name,
    base,
    holder,
    blocking: holder ? [] : deps.ports.blockingFindings(runtime.portProfile()),
    serviceInstalled: runtime.fact('service').installed,
  });
  if (verdict.kind === 'refuse') {
    if (verdict.block) runtime.observe({ blockedBy: verdict.holder ?? null });
    return refuse(verdict);
  }
  if (verdict.kind === 'service') {
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

/**
 * The active work the gateway reports (its restart preflight: ~30 ms over its WebSocket), or why it could not be
 * asked; nothing running is no work. Lobsterpot's own requests are not work (probes.ts).
 */
export async function activeWork(runtime: ProfileRuntime): Promise<WorkReading> {
  if (runtime.gateway.pid === null && !runtime.gateway.isActive) return { work: null, error: null };
  const token = runtime.profile.config?.token;
  if (!token) return { work: null, error: `${runtime.name} has no gateway token to ask it with` };
  try {
    const preflight = await withRpc(runtime.port(), token, (rpc) =>
      rpc.call<RestartPreflight>('gateway.restart.preflight', {}, 2000),
    );
    return { work: activeWorkOf(preflight), error: null };
  } catch (error) {
    return { work: null, error: (error as Error).message };
  }
}
