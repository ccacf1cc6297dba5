// OpenClaw as this process located it: the environment (or why it is missing), its CLI, the OS service adapter.
import { LobsterpotError, type OpenClawEnvironment, type Settings } from '../../contract/contract.ts';
import { openclawServiceAdapter, type ServiceAdapter } from '../../platform/node/services.ts';
import { locateOpenClaw, readLoginShellPath } from './locate.ts';
import { OpenClawCli } from './openclaw-cli.ts';

/** What the parts that run OpenClaw need of it. */
export interface OpenClawAccess {
  environment(): OpenClawEnvironment;
  /** The located CLI; throws `refused` with the fix when OpenClaw is missing. */
  cli(): OpenClawCli;
  /** The OS service adapter (OpenClaw's own service commands by default; a fake in tests). */
  services(): ServiceAdapter;
}

export interface OpenClawOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  locate?: ((settings: Settings) => Promise<OpenClawEnvironment>) | undefined;
  services?: ServiceAdapter | undefined;
}

export class OpenClaw implements OpenClawAccess {
  readonly #options: OpenClawOptions;
  #environment: OpenClawEnvironment = { openclaw: null, node: null, problem: 'not located yet', fix: null };

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
          openclawPath: s.openclawPath,
          nodePath: s.nodePath,
          env,
          loginShellPath: () => readLoginShellPath(env),
        }));
    this.#environment = await locate(settings);
    return this.#environment;
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
