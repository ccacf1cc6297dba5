// OpenClaw as this process located it: the environment (or why it is missing), its CLI, the OS service adapter.
import {
  LobsterpotError,
  type HandoffSupport,
  type OpenClawEnvironment,
  type Settings,
} from '../../contract/contract.ts';
import { openclawServiceAdapter, type ServiceAdapter } from '../../platform/node/services.ts';
import { locateOpenClaw, readLoginShellPath } from './locate.ts';
import { cachedHandoffSupport } from './handoff.ts';
import { OpenClawCli } from './openclaw-cli.ts';

/** What the parts that run OpenClaw need of it. */
export interface OpenClawAccess {
  environment(): OpenClawEnvironment;
  /** The located CLI; throws `refused` with the fix when OpenClaw is missing. */
  cli(): OpenClawCli;
  /** The OS service adapter (OpenClaw's own service commands by default; a fake in tests). */
  services(): ServiceAdapter;
  /** Whether the located runtime supports OpenClaw's restart hand-off (probed once per runtime). */
  handoff(): Promise<HandoffSupport>;
}

export interface OpenClawOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  locate?: ((settings: Settings) => Promise<OpenClawEnvironment>) | undefined;
  services?: ServiceAdapter | undefined;
  /** Where the hand-off probe's answer is kept per runtime (null: probed in each process). */
  handoffCache?: string | null;
}

export class OpenClaw implements OpenClawAccess {
  readonly #options: OpenClawOptions;
  #environment: OpenClawEnvironment = { openclaw: null, node: null, problem: 'not located yet', fix: null };
  #handoff: Promise<HandoffSupport> | null = null;

  constructor(options: OpenClawOptions) {
    this.#options = options;
  }

  environment(): OpenClawEnvironment {
    return this.#environment;
  }

  /** Finds OpenClaw and its Node as the settings say (or by the default search). */
  async locate(settings: Settings): Promise<OpenClawEnvironment> {
    const { env } = this.#options;
    const locate =
      this.#options.locate ??
      ((s: Settings) =>
        locateOpenClaw({
          chosen: s,
          env,
          loginShellPath: () => readLoginShellPath(env),
        }));
    this.#environment = await locate(settings);
    this.#handoff = null;
    return this.#environment;
  }

  handoff(): Promise<HandoffSupport> {
    const environment = this.#environment;
    if (!environment.openclaw || !environment.node)
      return Promise.resolve({ supported: false, protocolVersion: null, checkedAt: Date.now(), why: 'no OpenClaw' });
    this.#handoff ??= cachedHandoffSupport(
      this.cli(),
      environment.openclaw.version,
      this.#options.handoffCache ?? null,
    ).then((support) => {
      if (this.#environment === environment) this.#environment = { ...environment, handoff: support };
      return support;
    });
    return this.#handoff;
  }

  cli(): OpenClawCli {
    const { openclaw, node, problem, fix } = this.#environment;
    if (!openclaw || !node)
      throw new LobsterpotError('refused', `${problem ?? 'OpenClaw is not available.'} ${fix ?? ''}`.trim());
    return new OpenClawCli({
      nodePath: node.path,
      entry: openclaw.path,
      home: this.#options.home,
      parentEnv: this.#options.env,
    });
  }

  services(): ServiceAdapter {
    return (
      this.#options.services ??
      openclawServiceAdapter({ cli: () => this.cli(), home: this.#options.home, env: this.#options.env })
    );
  }
}
