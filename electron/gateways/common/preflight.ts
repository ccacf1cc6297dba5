// The preflight before a spawn as pure decisions, in the order the facts are read: the config first (no port is
// scanned for a profile that cannot start), then, once no gateway of this profile was found running, its ports.
import type { Finding, Listener } from '../../ports/common/findings.ts';

/** Why a start is refused (the error's words); `block` is the state it leaves the gateway in, if any, and why. */
export interface Refusal {
  kind: 'refuse';
  message: string;
  block?: { state: 'config-error' | 'port-blocked'; reason: string };
  /** The pid holding the base port, cited until it is gone (reconcile.ts unblocks then). */
  holder?: { pid: number; port: number };
}

export interface ConfigFacts {
  name: string;
  /** The profile is set up (its config exists); else `configError` says why not. */
  configured: boolean;
  configError: string | null;
  /** The config parsed. */
  readable: boolean;
  /** Its `gateway.port`, null when it has none. */
  port: number | null;
  /** The dev profile has a port of its own without one in the config. */
  dev: boolean;
  /** A free base port to suggest, asked only when the refusal needs it. */
  suggest(): number | null;
}

/** A refusal the config alone decides, or null when the config lets the start go on. */
export function configRefusal(facts: ConfigFacts): Refusal | null {
  const { name } = facts;
  const message = `${name}: ${facts.configError}`;
  if (!facts.configured) return { kind: 'refuse', message };
  if (!facts.readable) {
    const reason = facts.configError ?? 'the config cannot be read';
    return { kind: 'refuse', message, block: { state: 'config-error', reason } };
  }
  // A config that parses but lacks gateway.mode is started anyway: OpenClaw refuses it in ~1 s with exit 78, and
  // its own words (which say what to run) become the config-error reason.
  if (facts.port === null && !facts.dev) {
    return {
      kind: 'refuse',
      message: `${name} has no gateway.port in its config: a gateway started without it is not found by status. Set its base port first (suggested: ${facts.suggest()}).`,
    };
  }
  return null;
}

export interface PortFacts {
  name: string;
  base: number;
  /** Who listens on the base port now (no gateway of this profile was found running). */
  holder: Listener | null;
  /** Error findings of this profile's ports against the others and the live listeners. */
  blocking: readonly Finding[];
  /** An OS service of OpenClaw's is installed for the profile: it is what starts the gateway. */
  serviceInstalled: boolean;
}

export type PortVerdict = Refusal | { kind: 'spawn' } | { kind: 'service' };

/** With the config fine and nothing of this profile running: refuse, start the OS service, or spawn. */
export function portVerdict(facts: PortFacts): PortVerdict {
  const { name, base, holder } = facts;
  if (holder) {
    const who = holder.pid ? `pid ${holder.pid}${holder.command ? ` (${holder.command})` : ''}` : 'another process';
    const reason = `port ${base} is already in use by ${who}`;
    return {
      kind: 'refuse',
      message: `${name}: ${reason}`,
      block: { state: 'port-blocked', reason },
      ...(holder.pid ? { holder: { pid: holder.pid, port: base } } : {}),
    };
  }
  if (facts.blocking.length) {
    const message = `${name}: ${facts.blocking.map((f) => `${f.message} — ${f.fix}`).join('; ')}`;
    return { kind: 'refuse', message };
  }
  return facts.serviceInstalled ? { kind: 'service' } : { kind: 'spawn' };
}
