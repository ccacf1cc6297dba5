// The fleet: what concerns every profile at once — the isolation audit, the watchdog over gateways meant to run, and
// restarting them all (rolling or side by side).
import { auditIsolation, type AuditFinding } from '../common/audit.ts';
import { launcherWarnings } from '../../platform/common/launchers.ts';
import { findLaunchers, thisOS } from '../../platform/node/launchers.ts';
import type { AuditReport, CommandAuthor, LobsterpotEvent, RestartAllReport } from '../../contract/contract.ts';
import type { Gateways } from '../../gateways/node/gateways.ts';
import type { Clock } from '../../platform/node/clock.ts';
import { auditEnvironment, collectAuditProfile, newSalt } from './credentials.ts';
import { restartAll } from './rolling.ts';
import type { RunRecords } from '../../gateways/node/run-records.ts';
import type { SettingsStore } from '../../settings/node/settings.ts';
import { Watchdog } from './watchdog.ts';
import { alertRouteOf, relayAlert, relayEntry, type RelayAttempt } from './alert-relay.ts';
import { sendThrough } from '../../gateways/node/runtime-rpc.ts';

export interface FleetContext {
  host: { env: NodeJS.ProcessEnv; home: string };
  clock: Clock;
  store: { settings: SettingsStore; records: RunRecords };
  /** The profiles' runtimes; `publish` is how a watchdog alert reaches the gateway's status. */
  gateways: Pick<Gateways, 'all' | 'get' | 'publish' | 'restart'>;
  emit(event: LobsterpotEvent): void;
  /** Lobsterpot's own log (an alert relayed through another gateway is said there too). */
  log?: (message: string) => void;
}

export class Fleet {
  readonly #ctx: FleetContext;

  constructor(context: FleetContext) {
    this.#ctx = context;
  }

  /** The last audit's findings (the snapshot carries them), and when it ran. */
  get findings(): AuditFinding[] {
    return this.#audit;
  }

  get auditedAt(): number | null {
    return this.#auditAt;
  }

  stop(): void {
    this.#ctx.clock.clearTimeout(this.#watchdogTimer);
    this.#watchdogTimer = null;
    this.#watchdogMs = null;
  }

  /** The key of this run's credential hashes: equal tokens compare equal, and no hash outlives the process. */
  readonly #salt = newSalt();
  #audit: AuditFinding[] = [];
  #auditAt: number | null = null;
  readonly watchdog = new Watchdog({
    // Fields initialize before the constructor sets the clock: reach it when asked.
    clock: {
      now: () => this.#ctx.clock.now(),
      setTimeout: (run, ms) => this.#ctx.clock.setTimeout(run, ms),
      clearTimeout: (handle) => this.#ctx.clock.clearTimeout(handle),
    },
    policy: () => ({
      afterMs: this.#ctx.store.settings.get().watchdogAfterMs,
      repeatMs: 120_000,
      maxRepeatMs: 3_600_000,
    }),
    // The status's `watchdog` field carries the alert to the window and tray; the warning is the notification.
    alert: (profile, _watchdog, message) => {
      this.#ctx.emit({ type: 'warning', message });
      this.#ctx.gateways.publish(profile);
      void this.relayAlert(profile, message);
    },
  });
  /** The watchdog's next look (on the injected clock, so a test moves it). */
  #watchdogTimer: unknown = null;
  #watchdogMs: number | null = null;

  /** The isolation audit over every profile that is set up, and Lobsterpot's environment (kept in the snapshot). */
  async audit(): Promise<AuditReport> {
    const { env, home } = this.#ctx.host;
    const context = { salt: this.#salt, env, home };
    const profiles = await Promise.all(
      this.#ctx.gateways
        .all()
        .filter((r) => r.profile.configured)
        .map((r) =>
          collectAuditProfile(
            { ports: r.portProfile(), stateDir: r.profile.stateDir, configPath: r.profile.configPath },
            context,
          ),
        ),
    );
    const findings: AuditFinding[] = auditIsolation(profiles, auditEnvironment(env), { home });
    // What else would start a profile's gateway (a unit, an agent, a task): beside Lobsterpot, it competes.
    const os = thisOS(home, env);
    for (const runtime of this.#ctx.gateways.all())
      if (runtime.profile.layout !== 'env' && runtime.profile.configured)
        findings.push(...launcherWarnings(runtime.name, await findLaunchers(runtime.name, os)));
    // The snapshot carries the findings; a new error-level one is also said as a warning, once.
    const known = new Set(this.#audit.map((f) => f.message));
    for (const finding of findings)
      if (finding.severity === 'error' && !known.has(finding.message))
        this.#ctx.emit({ type: 'warning', message: `Isolation: ${finding.message}. ${finding.fix}` });
    this.#audit = findings;
    this.#auditAt = this.#ctx.clock.now();
    return { findings, checkedAt: this.#auditAt, hasErrors: findings.some((f) => f.severity === 'error') };
  }

  /** The watchdog looks every `intervalMs` while a gateway meant to run is not ready; all ready, it sleeps. */
  startWatchdog(intervalMs: number) {
    this.#watchdogMs = intervalMs;
    this.gatewayChanged();
  }

  /**
   * A gateway changed state: the watchdog looks at once (after the publication that told it), so that a gateway ready
   * for less than one timed look ends its outage and a later one starts afresh; then it keeps looking on its timer
   * while a gateway meant to run is not ready. A no-op before the watchdog was started.
   */
  gatewayChanged(): void {
    if (this.#watchdogMs === null || this.#lookQueued) return;
    this.#lookQueued = true;
    queueMicrotask(() => {
      this.#lookQueued = false;
      if (this.#watchdogMs === null) return;
      // Its own publications tell it again: the second look finds nothing changed, and it ends there.
      this.checkWatchdog();
      if (!this.watchdog.idle && this.#watchdogTimer === null) this.#scheduleWatchdog(this.#watchdogMs);
    });
  }
  #lookQueued = false;

  #scheduleWatchdog(ms: number) {
    this.#watchdogTimer = this.#ctx.clock.setTimeout(() => {
      this.#watchdogTimer = null;
      this.checkWatchdog();
      if (!this.watchdog.idle && this.#watchdogMs !== null) this.#scheduleWatchdog(this.#watchdogMs);
    }, ms);
    // A look that is due never keeps the process alive.
    (this.#watchdogTimer as { unref?: () => void }).unref?.();
  }

  /** One look of the watchdog at every gateway meant to run (a person's recorded intent). */
  checkWatchdog(): void {
    const changed = this.watchdog.check(
      this.#ctx.gateways.all().map((r) => ({
        profile: r.name,
        state: r.gateway.state,
        meantToRun: this.#ctx.store.records.cached(r.name).intent?.wanted === 'running',
      })),
    );
    for (const name of changed) this.#ctx.gateways.publish(name);
    // Nothing to watch until a gateway changes state again (gatewayChanged).
    if (this.#watchdogTimer !== null && this.watchdog.idle) {
      this.#ctx.clock.clearTimeout(this.#watchdogTimer);
      this.#watchdogTimer = null;
    }
  }

  /** The alert also sent through the settings' alert profile (alert-relay.ts); the attempt goes into the history. */
  async relayAlert(down: string, message: string): Promise<RelayAttempt | null> {
    const { gateways, store, clock } = this.#ctx;
    const route = alertRouteOf(store.settings.get());
    const runtimeOf = (name: string) => gateways.all().find((r) => r.name.toLowerCase() === name.toLowerCase());
    const attempt = await relayAlert(
      {
        route,
        via: (name) => {
          const runtime = runtimeOf(name);
          return runtime ? { name: runtime.name, state: runtime.gateway.state } : null;
        },
        send: (via, request) => sendThrough(gateways.get(via), request),
        now: () => clock.now(),
      },
      down,
      message,
    );
    if (!route || !attempt) return attempt;
    const state = runtimeOf(down)?.gateway.state ?? 'stopped';
    const entry = relayEntry(route, attempt, state, clock.now());
    store.records.note(down, entry);
    await store.records.update(down, () => ({}));
    this.#ctx.log?.(`${down}: ${entry.reason}`);
    return attempt;
  }

  acknowledge(name: string): { profile: string; acknowledged: boolean } {
    const runtime = this.#ctx.gateways.get(name);
    const acknowledged = this.watchdog.acknowledge(runtime.name);
    if (acknowledged) this.#ctx.gateways.publish(runtime.name);
    return { profile: runtime.name, acknowledged };
  }

  /** Restarts every running gateway: rolling (one at a time, each ready before the next) or all at once. */
  async restartAll(rolling: boolean, author: CommandAuthor): Promise<RestartAllReport> {
    const targets = this.#ctx.gateways
      .all()
      .filter((r) => r.isRunning())
      .map((r) => ({ profile: r.name, before: r.gateway.state }));
    return restartAll(targets, (name) => this.#ctx.gateways.restart(name, author), rolling);
  }
}
