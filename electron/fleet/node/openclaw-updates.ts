// The update commands over the running core: `openclaw.versions` (installs, who runs which, skew),
// `openclaw.install` (npm, beside the located OpenClaw) and `openclaw.update` (the rollout of update-rollout.ts, with
// each profile's `openclawRuntime` flag as the switch and its history noted).
import {
  LobsterpotError,
  isRunningState,
  type CommandAuthor,
  type InstallResult,
  type OpenClawEnvironment,
  type ParsedArgs,
  type UpdateReport,
  type VersionSkew,
  type VersionsReport,
} from '../../contract/contract.ts';
import { isVersionTarget } from '../../openclaw/common/versions.ts';
import type { Gateways } from '../../gateways/node/gateways.ts';
import type { RunRecords } from '../../gateways/node/run-records.ts';
import { openclawVersionOf, resolveOpenClawEntry } from '../../openclaw/node/locate.ts';
import {
  installRootOf,
  installVersion,
  installedEntry,
  listInstalled,
  runtimeOf,
  skewOf,
  versionsOf,
  type NpmRun,
  type RuntimeFacts,
} from '../../openclaw/node/installs.ts';
import type { Clock } from '../../platform/node/clock.ts';
import type { SettingsStore } from '../../settings/node/settings.ts';
import { rollOut, type RolloutProfile } from './update-rollout.ts';

export interface UpdatesContext {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  settings: SettingsStore;
  records: RunRecords;
  environment(): OpenClawEnvironment;
  gateways: Pick<Gateways, 'all' | 'get' | 'restart' | 'publish'>;
  /** Where versions are installed; default: installRootOf(dataDir). */
  installRoot?: string;
  npm?: NpmRun;
}

export class Updates {
  readonly #ctx: UpdatesContext;
  /** One install or update at a time: two rollouts over the same profiles would undo each other. */
  #busy: string | null = null;

  constructor(context: UpdatesContext) {
    this.#ctx = context;
  }

  get installRoot(): string {
    return this.#ctx.installRoot ?? installRootOf(this.#ctx.dataDir);
  }

  versions(): VersionsReport {
    const report = versionsOf(this.#ctx.environment(), listInstalled(this.installRoot), this.#facts());
    return { ...report, installRoot: this.installRoot };
  }

  /** The skew alone, for every snapshot (no look at the disk). */
  skew(): VersionSkew | null {
    return skewOf(this.#facts());
  }

  #facts(): RuntimeFacts[] {
    const { settings, gateways } = this.#ctx;
    return gateways.all().map((r) => {
      const status = r.status();
      return {
        profile: r.name,
        state: status.state,
        pinned: settings.flagsOf(r.name).openclawRuntime,
        running: status.pid !== null || isRunningState(status.state) ? status.versions.running : null,
      };
    });
  }

  async install(version: string): Promise<InstallResult> {
    return this.#alone(`installing OpenClaw ${version}`, () =>
      installVersion(version, {
        root: this.installRoot,
        nodePath: this.#ctx.environment().node?.path ?? null,
        env: this.#ctx.env,
        now: () => this.#ctx.clock.now(),
        ...(this.#ctx.npm ? { npm: this.#ctx.npm } : {}),
      }),
    );
  }

  async update(args: ParsedArgs<'openclaw.update'>, author: CommandAuthor): Promise<UpdateReport> {
    const target = this.#target(args.target);
    const environment = this.#ctx.environment();
    const { gateways, settings, records, clock } = this.#ctx;
    const named = args.profiles.length ? args.profiles.map((name) => gateways.get(name)) : null;
    const chosen = (named ?? gateways.all().filter((r) => r.isRunning())).filter(
      (r, index, all) => all.indexOf(r) === index,
    );
    const profiles: RolloutProfile[] = [];
    for (const runtime of chosen) {
      const pinned = settings.flagsOf(runtime.name).openclawRuntime;
      const from = runtimeOf(environment, pinned).openclaw;
      const status = runtime.status();
      // Already on the target and running it (or stopped and set to it): nothing to do.
      const onTarget =
        from?.path === target.path && (!runtime.isRunning() || status.versions.running === target.version);
      if (onTarget) continue;
      profiles.push({
        profile: runtime.name,
        before: status.state,
        pinned,
        from: from?.path ?? null,
        running: runtime.isRunning(),
      });
    }
    const run = () =>
      rollOut(
        target,
        profiles,
        {
          pin: async (profile, pin) => {
            await settings.setFlags(profile, { openclawRuntime: pin });
            gateways.publish(profile);
          },
          restart: (profile) => gateways.restart(profile, author),
          note: async (profile, kind, by, reason) => {
            const state = gateways.get(profile).status().state;
            records.note(profile, { at: clock.now(), state, reason, cause: { kind, by: `${by}, by ${author.by}` } });
            await records.update(profile, () => ({}));
          },
          now: () => clock.now(),
        },
        args.dryRun,
      );
    return args.dryRun ? run() : this.#alone(`updating to OpenClaw ${target.version ?? target.path}`, run);
  }

  /** The install a version or path names: a version installed under the root, the located one, or a path's entry. */
  #target(target: string): { version: string | null; path: string; pin: string | null } {
    const located = this.#ctx.environment().openclaw;
    if (isVersionTarget(target)) {
      if (located?.version === target) return { ...located, pin: null };
      const entry = installedEntry(this.installRoot, target);
      if (!entry)
        throw new LobsterpotError(
          'not-found',
          `OpenClaw ${target} is not installed (lobsterpot install ${target} puts it in ${this.installRoot})`,
        );
      return { version: openclawVersionOf(entry), path: entry, pin: entry };
    }
    const entry = resolveOpenClawEntry(target);
    if (!entry) throw new LobsterpotError('not-found', `no OpenClaw install at ${target} (no openclaw.mjs there)`);
    if (located?.path === entry) return { ...located, pin: null };
    return { version: openclawVersionOf(entry), path: entry, pin: entry };
  }

  async #alone<T>(what: string, run: () => Promise<T>): Promise<T> {
    if (this.#busy) throw new LobsterpotError('refused', `Lobsterpot is ${this.#busy}; try again when it is done`);
    this.#busy = what;
    try {
      return await run();
    } finally {
      this.#busy = null;
    }
  }
}
