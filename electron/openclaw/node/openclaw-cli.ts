// The OpenClaw CLI, run on demand (never for polling): provisioning, OpenClaw's own config writer, service status and
// `browser status`. Always a supported Node on openclaw.mjs (the launcher re-executes itself otherwise), no shell,
// a built environment, its own process group, and a timeout.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { DEFAULT_PROFILE } from '../../profiles/common/names.ts';
import { gatewayEnv } from '../../gateways/node/env.ts';
import { signalGroup } from '../../platform/node/processes.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The run was aborted through its signal (its whole process group was killed). */
  aborted?: boolean;
}

export interface CliRuntime {
  nodePath: string;
  entry: string;
  home: string;
  parentEnv: NodeJS.ProcessEnv;
}

/** `--profile <p>` for a named profile; nothing for the default one. */
export const profileArgs = (profile: string) => (profile === DEFAULT_PROFILE ? [] : ['--profile', profile]);

/**
 * Whom a command (or a gateway) is for: a profile by its name, or an instance set up by environment by its two paths
 * (the seeds' manual example), which is selected by `OPENCLAW_CONFIG_PATH` + `OPENCLAW_STATE_DIR` and no `--profile`.
 */
export type OpenClawTarget = string | { configPath: string; stateDir: string };

export const targetArgs = (target: OpenClawTarget) => (typeof target === 'string' ? profileArgs(target) : []);

/** The variables that select an instance set up by environment; none for a profile. */
export const targetEnv = (target: OpenClawTarget): Record<string, string> =>
  typeof target === 'string' ? {} : { OPENCLAW_CONFIG_PATH: target.configPath, OPENCLAW_STATE_DIR: target.stateDir };

/** The first JSON object in a command's output (the CLI may print lines around it). */
export function parseJsonOutput(text: string): Record<string, unknown> | null {
  const trimmed = text.trim();
  for (let start = trimmed.indexOf('{'); start >= 0; start = trimmed.indexOf('{', start + 1)) {
    const end = trimmed.lastIndexOf('}');
    for (let stop = end; stop > start; stop = trimmed.lastIndexOf('}', stop - 1)) {
      try {
        const value = JSON.parse(trimmed.slice(start, stop + 1)) as unknown;
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // try a shorter slice
      }
    }
  }
  return null;
}

export class OpenClawCli {
  readonly runtime: CliRuntime;

  constructor(runtime: CliRuntime) {
    this.runtime = runtime;
  }

  run(
    profile: OpenClawTarget | null,
    args: string[],
    options: { timeoutMs?: number; input?: string; signal?: AbortSignal; env?: Record<string, string> } = {},
  ): Promise<CliResult> {
    const { nodePath, entry, home, parentEnv } = this.runtime;
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (options.signal?.aborted)
      return Promise.resolve({ code: null, stdout: '', stderr: '', timedOut: false, aborted: true });
    return new Promise((resolve) => {
      const child = spawn(nodePath, [entry, ...(profile === null ? [] : targetArgs(profile)), ...args], {
        env: {
          ...gatewayEnv(parentEnv, { home, nodeDir: dirname(nodePath) }),
          ...(profile === null ? {} : targetEnv(profile)),
          ...options.env,
        },
        cwd: home,
        detached: process.platform !== 'win32',
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let aborted = false;
      // The command may have started helpers of its own: the whole group goes, not just the leader.
      const abort = () => {
        aborted = true;
        if (child.pid) signalGroup(child.pid, 'SIGKILL');
      };
      options.signal?.addEventListener('abort', abort, { once: true });
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const timer = setTimeout(() => {
        timedOut = true;
        if (child.pid) signalGroup(child.pid, 'SIGKILL');
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
        resolve({ code: null, stdout, stderr: stderr + error.message, timedOut, aborted });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
        resolve({ code, stdout, stderr, timedOut, aborted });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input ?? '');
    });
  }

  /** Non-interactive provisioning: port, loopback bind and token auth, written by OpenClaw itself (1–2 s offline). */
  async onboard(profile: OpenClawTarget, port: number, signal?: AbortSignal): Promise<void> {
    const result = await this.run(
      profile,
      [
        'onboard',
        '--non-interactive',
        '--accept-risk',
        '--mode',
        'local',
        '--gateway-port',
        String(port),
        '--gateway-bind',
        'loopback',
        '--gateway-auth',
        'token',
        '--auth-choice',
        'skip',
        '--skip-channels',
        '--skip-skills',
        '--skip-daemon',
        '--skip-health',
        '--skip-ui',
        '--skip-search',
        '--json',
      ],
      { timeoutMs: 60_000, ...(signal ? { signal } : {}) },
    );
    if (result.aborted) throw new Error('openclaw onboard was cancelled');
    const json = parseJsonOutput(result.stdout);
    if (result.code !== 0 || json?.ok !== true) throw new Error(`openclaw onboard failed: ${failureText(result)}`);
  }

  /**
   * Writes a change through OpenClaw's own writer so it is validated and backed up: `config patch` (JSON5 merge, null
   * deletes) where the version has it, else one `config set` / `config unset` per leaf.
   */
  async patchConfig(profile: OpenClawTarget, patch: Record<string, unknown>, timeoutMs = 30_000): Promise<void> {
    const result = await this.run(profile, ['config', 'patch', '--stdin'], {
      input: JSON.stringify(patch),
      timeoutMs,
    });
    if (result.code === 0) return;
    if (!/unknown command|too many arguments|did you mean/i.test(result.stderr + result.stdout)) {
      throw new Error(failureText(result));
    }
    for (const [path, value] of leaves(patch)) {
      const args =
        value === null ? ['config', 'unset', path] : ['config', 'set', path, JSON.stringify(value), '--strict-json'];
      const step = await this.run(profile, args, { timeoutMs });
      if (step.code !== 0) throw new Error(failureText(step));
    }
  }

  /**
   * OpenClaw's own check of a profile's config (`config validate --json`): the problems as `path: message`, none when
   * it is valid. A version without the verb, or a check that cannot run, yields no problems: the start will tell.
   */
  async validateConfig(profile: OpenClawTarget): Promise<string[]> {
    const result = await this.run(profile, ['config', 'validate', '--json'], { timeoutMs: 20_000 });
    const json = parseJsonOutput(result.stdout);
    if (!json || json.valid !== false) return [];
    const issues = Array.isArray(json.issues) ? (json.issues as { path?: unknown; message?: unknown }[]) : [];
    return issues.length
      ? issues.map(
          (i) => `${typeof i.path === 'string' && i.path ? i.path : 'config'}: ${String(i.message ?? 'invalid')}`,
        )
      : ['config: invalid'];
  }

  /** `gateway status --no-probe --json`: whether an OS service is installed and running for the profile. */
  async serviceStatus(profile: OpenClawTarget): Promise<{ installed: boolean; active: boolean; label: string | null }> {
    const result = await this.run(profile, ['gateway', 'status', '--no-probe', '--json'], { timeoutMs: 15_000 });
    const service = (parseJsonOutput(result.stdout)?.service ?? {}) as Record<string, unknown>;
    const runtime = (service.runtime ?? {}) as Record<string, unknown>;
    const loadState = (service.loadState ?? {}) as Record<string, unknown>;
    const installed = service.loaded === true || loadState.status === 'loaded';
    return {
      installed,
      active: installed && runtime.status === 'running',
      label: typeof service.label === 'string' ? service.label : null,
    };
  }

  /** Drives an installed OS service (`gateway start|stop`). */
  async service(profile: OpenClawTarget, action: 'start' | 'stop'): Promise<void> {
    const args = ['gateway', action, '--json', ...(action === 'stop' ? ['--force'] : [])];
    const result = await this.run(profile, args, { timeoutMs: 60_000 });
    const json = parseJsonOutput(result.stdout);
    if (result.code !== 0 || json?.ok === false) throw new Error(failureText(result));
  }

  /** `browser status --json` against an explicit port, with a timeout (it blocks ~60 s on a dead gateway otherwise). */
  async browserStatus(profile: OpenClawTarget, port: number, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const result = await this.run(
      profile,
      ['browser', 'status', '--json', '--port', String(port), '--timeout', String(timeoutMs)],
      {
        timeoutMs: timeoutMs + 15_000,
      },
    );
    const json = parseJsonOutput(result.stdout);
    if (!json) throw new Error(failureText(result));
    if (json.ok === false)
      throw new Error(String((json.error as { message?: string } | undefined)?.message ?? failureText(result)));
    return json;
  }
}

function* leaves(value: Record<string, unknown>, prefix = ''): Generator<[string, unknown]> {
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child !== null && typeof child === 'object' && !Array.isArray(child))
      yield* leaves(child as Record<string, unknown>, path);
    else yield [path, child];
  }
}

export function failureText(result: CliResult): string {
  if (result.aborted) return 'cancelled';
  if (result.timedOut) return 'timed out';
  const json = parseJsonOutput(result.stdout);
  const message = (json?.error as { message?: string } | undefined)?.message;
  if (message) return message;
  const lines = (result.stderr || result.stdout)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('[openclaw] Debug') && !line.startsWith('[openclaw] Help'));
  return lines.slice(0, 4).join(' ') || `exit ${result.code}`;
}
