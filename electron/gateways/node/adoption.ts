// Adoption as a pure decision: is the pid named by OpenClaw's lock or Lobsterpot's run record still this profile's
// gateway? Pids are reused after a crash or a reboot, so a pid alone proves nothing: the process must have started
// when the record says, run an OpenClaw gateway (of this profile), and listen, if it listens, where this profile
// does. Anything else is stale: forgotten, never signalled.
import { basename, resolve } from 'node:path';
import { DEFAULT_PROFILE, DEV_PROFILE } from '../../profiles/common/names.ts';
import type { ProcessFacts } from '../../platform/node/processes.ts';

/** What OpenClaw's gateway lock says about its owner (see `GatewayLock`). */
export interface LockFacts {
  pid: number;
  /** OpenClaw's reading of the owner's start time: the unit of `ProcessFacts.startTime` on the same platform. */
  startTime: number | null;
  port: number | null;
  configPath: string | null;
  stateDir: string | null;
}

/** What Lobsterpot recorded when it spawned or adopted the gateway. */
export interface RunRecordFacts {
  pid: number;
  /** From `processFacts` right after the spawn: the same unit as the lock's. */
  startTime: number | null;
  /** The argv Lobsterpot spawned, if recorded: it names the profile, which a retitled gateway's argv no longer does. */
  argv?: readonly string[];
}

export interface ListenerFact {
  port: number;
  pid: number | null;
}

export interface AdoptionFacts {
  profile: string;
  stateDir: string;
  configPath: string;
  /** The profile's base port and its footprint, as the config now says. */
  expectedPorts: Iterable<number>;
  lock: LockFacts | null;
  record: RunRecordFacts | null;
  /** The facts of `candidatePid(facts)`, read now; null when no such process runs. */
  process: ProcessFacts | null;
  listeners: readonly ListenerFact[];
  /**
   * A gateway that answered over WebSocket on `port` saying it runs `configPath`: the proof for a gateway whose lock
   * and record hold no start time (another OpenClaw version), or that left neither.
   */
  identity?: { port: number; configPath: string } | null;
}

export type AdoptionDecision =
  | {
      kind: 'adopt';
      pid: number;
      /** Where it really listens (the lock's port or its listener), whatever the config says; null while starting. */
      port: number | null;
      owner: 'lobsterpot' | 'external';
      evidence: string[];
    }
  | { kind: 'stale'; pid: number; why: string }
  | { kind: 'none' };

/** The pid whose facts the decision needs: the lock's owner, else the run record's, else an identified listener's. */
export function candidatePid(facts: Pick<AdoptionFacts, 'lock' | 'record' | 'identity' | 'listeners'>): number | null {
  if (facts.lock) return facts.lock.pid;
  if (facts.record) return facts.record.pid;
  if (facts.identity) {
    const port = facts.identity.port;
    return facts.listeners.find((listener) => listener.port === port && listener.pid !== null)?.pid ?? null;
  }
  return null;
}

const OPENCLAW_ENTRIES = ['openclaw.mjs', 'openclaw', 'openclaw.cmd', 'openclaw.exe'];
const GATEWAY_TITLE = 'openclaw-gateway';

const baseName = (arg: string) => basename(arg.replaceAll('\\', '/')).toLowerCase();

/** The profile a command line selects (`--profile <p>`, `--profile=<p>`, `--dev`); undefined when it names none. */
export function profileOfArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--dev') return DEV_PROFILE;
    if (arg === '--profile') return argv[i + 1];
    if (arg.startsWith('--profile=')) return arg.slice('--profile='.length);
  }
  return undefined;
}

/**
 * Whether a command line is an OpenClaw gateway: OpenClaw's entry (`openclaw.mjs` or the `openclaw` binary) with the
 * `gateway` command, or the title a running gateway gives itself (`/proc/<pid>/cmdline` and `ps` then show only
 * `openclaw-gateway`). With `profile`, a `--profile` on the line must name it (the default profile has none).
 */
export function isOpenClawGatewayArgv(argv: readonly string[], profile?: string): boolean {
  const first = argv[0] === undefined ? '' : baseName(argv[0]).replace(/\.exe$/, '');
  const titled = first === GATEWAY_TITLE;
  const entry = argv.findIndex((arg) => OPENCLAW_ENTRIES.includes(baseName(arg)));
  const command = entry >= 0 && argv.slice(entry + 1).includes('gateway');
  if (!titled && !command) return false;
  if (profile === undefined) return true;
  const named = profileOfArgv(argv);
  if (named === undefined) return true;
  return profile === DEFAULT_PROFILE ? named.toLowerCase() === DEFAULT_PROFILE : named === profile;
}

/** OpenClaw's first title (`openclaw`), which a gateway has before it retitles itself; any OpenClaw command has it too. */
export function isOpenClawStartingArgv(argv: readonly string[]): boolean {
  return argv.length === 1 && baseName(argv[0] as string).replace(/\.exe$/, '') === 'openclaw';
}

const samePath = (a: string, b: string) => resolve(a) === resolve(b);
const show = (argv: readonly string[]) => `'${argv.join(' ')}'`;

/** Decides whether the candidate pid is this profile's running gateway. Pure: every fact is read by the caller. */
export function decideAdoption(facts: AdoptionFacts): AdoptionDecision {
  const decision = decide(facts);
  // A listener that was only a candidate by its answer left no record to forget.
  return decision.kind === 'stale' && !facts.lock && !facts.record ? { kind: 'none' } : decision;
}

function decide(facts: AdoptionFacts): AdoptionDecision {
  const pid = candidatePid(facts);
  if (pid === null) return { kind: 'none' };
  const stale = (why: string): AdoptionDecision => ({ kind: 'stale', pid, why });
  const { lock, record, process } = facts;
  if (!process || process.pid !== pid) return stale(`no process ${pid} runs any more`);
  const evidence: string[] = [];

  if (lock) {
    if (lock.stateDir !== null && !samePath(lock.stateDir, facts.stateDir)) {
      return stale(`the lock names another state dir (${lock.stateDir}): it was copied from another profile`);
    }
    if (lock.configPath !== null && !samePath(lock.configPath, facts.configPath)) {
      return stale(`the lock names another config (${lock.configPath})`);
    }
  }

  // The start times recorded for this pid; the process must have started exactly then.
  const recorded = [
    lock?.pid === pid ? { source: 'the lock', startTime: lock.startTime } : null,
    record?.pid === pid ? { source: 'the run record', startTime: record.startTime } : null,
  ].filter((entry) => entry !== null && entry.startTime !== null) as { source: string; startTime: number }[];
  // Without a recorded start time only the gateway's own word, given on a port this pid listens on, can stand in.
  const identity =
    recorded.length === 0 && facts.identity && samePath(facts.identity.configPath, facts.configPath)
      ? facts.identity
      : null;
  if (recorded.length === 0 && !identity) {
    return stale(`no start time was recorded for pid ${pid}, so a reused pid cannot be told apart`);
  }
  for (const { source, startTime } of recorded) {
    if (process.startTime !== startTime) {
      return stale(
        `pid ${pid} started at ${process.startTime ?? 'an unknown time'}, not at ${startTime} as ${source} says: ` +
          'the pid was reused',
      );
    }
    evidence.push(`pid ${pid} started at ${startTime}, as ${source} says`);
  }

  // OpenClaw titles itself `openclaw` first and `openclaw-gateway` only once the gateway runs (then it takes its lock):
  // in that first second only Lobsterpot's own record of the spawn (pid and start time) can say it is this gateway.
  const spawnedHere = record?.pid === pid && record.startTime !== null && process.startTime === record.startTime;
  if (!isOpenClawGatewayArgv(process.argv) && !(spawnedHere && isOpenClawStartingArgv(process.argv))) {
    return stale(`pid ${pid} runs ${show(process.argv)}, not an OpenClaw gateway`);
  }
  const spawned = record?.pid === pid && record.argv ? record.argv : null;
  // The first title names no profile: the argv Lobsterpot spawned, if recorded, still must name this one.
  const titled = isOpenClawGatewayArgv(process.argv);
  for (const argv of [...(titled ? [process.argv] : []), ...(spawned ? [spawned] : [])]) {
    if (!isOpenClawGatewayArgv(argv, facts.profile)) {
      return stale(`pid ${pid} runs ${show(argv)}, the gateway of another profile`);
    }
  }
  evidence.push(
    titled
      ? `its command line ${show(process.argv)} is an OpenClaw gateway`
      : `its command line ${show(process.argv)} is OpenClaw's, not yet retitled as a gateway`,
  );

  // Where it listens: the ports of this profile, or the port it started or answered on (the config's port changed).
  const expected = new Set(facts.expectedPorts);
  const own = facts.listeners.filter((listener) => listener.pid === pid).map((listener) => listener.port);
  const started = lock?.pid === pid ? lock.port : null;
  if (own.length && !own.some((port) => expected.has(port) || port === started || port === identity?.port)) {
    return stale(`pid ${pid} listens on ${own.join(', ')}, none of them this profile's ports`);
  }
  if (identity) {
    if (!own.includes(identity.port))
      return stale(`pid ${pid} does not listen on ${identity.port}, where the gateway answered`);
    evidence.push(`the gateway on ${identity.port} says it runs ${facts.configPath}`);
  }
  const port =
    started !== null && (own.length === 0 || own.includes(started))
      ? started
      : own.length
        ? Math.min(...own)
        : (identity?.port ?? null);
  if (own.length) evidence.push(`it listens on ${[...own].sort((a, b) => a - b).join(', ')}`);

  const owner = record?.pid === pid && record.startTime !== null ? 'lobsterpot' : 'external';
  return { kind: 'adopt', pid, port, owner, evidence };
}
