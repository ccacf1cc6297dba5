// The restart hand-off run against the exact runtime: the capability probe (kept per runtime on disk: it costs a
// full CLI cold start, 10–15 s here) and the consume after a gateway's clean exit.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HandoffSupport } from '../../contract/contract.ts';
import { writeFileAtomic } from '../../platform/node/fs-atomic.ts';
import {
  CAPABILITIES_ARGS,
  consumeArgs,
  parseCapabilities,
  parseConsume,
  type AcceptedHandoff,
} from '../common/handoff.ts';
import { parseJsonOutput, type OpenClawCli, type OpenClawTarget } from './openclaw-cli.ts';

/** The variable that declares Lobsterpot the gateway's process manager (OpenClaw's contract). */
export const EXTERNAL_MODE = { OPENCLAW_SUPERVISOR_MODE: 'external' } as const;
/** A cold CLI start can take ~13 s (OpenClaw's docs; 10–15 s measured here on a loaded machine). */
const PROBE_TIMEOUT_MS = 60_000;
/** A hand-off lives 60 s from the gateway's exit (OpenClaw's TTL): a consume slower than that finds it expired. */
const CONSUME_TIMEOUT_MS = 45_000;

/** What identifies one installed runtime: its entry, the version it says, and its package manifest's mtime. */
async function runtimeKey(cli: OpenClawCli, version: string | null): Promise<string> {
  const manifest = join(dirname(cli.runtime.entry), 'package.json');
  const mtime = await stat(manifest).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  return `${cli.runtime.entry}|${version ?? '?'}|${mtime}|${cli.runtime.nodePath}`;
}

/** Asks the runtime (never its version string) whether it supports the hand-off. */
export async function probeHandoff(cli: OpenClawCli, now: () => number = Date.now): Promise<HandoffSupport> {
  const result = await cli.run(null, CAPABILITIES_ARGS, { timeoutMs: PROBE_TIMEOUT_MS, env: { ...EXTERNAL_MODE } });
  return parseCapabilities(
    { code: result.code, json: parseJsonOutput(result.stdout), timedOut: result.timedOut },
    now(),
  );
}

/** The probe's answer for this runtime from `file`, else a fresh probe saved there (a timeout is not saved). */
export async function cachedHandoffSupport(
  cli: OpenClawCli,
  version: string | null,
  file: string | null,
  probe: (cli: OpenClawCli) => Promise<HandoffSupport> = probeHandoff,
): Promise<HandoffSupport> {
  const key = await runtimeKey(cli, version);
  if (file) {
    const saved = await readFile(file, 'utf8')
      .then((text) => JSON.parse(text) as { key?: string; support?: HandoffSupport })
      .catch(() => null);
    if (saved?.key === key && saved.support) return saved.support;
  }
  const support = await probe(cli);
  if (file && !/timed out/.test(support.why ?? ''))
    await writeFileAtomic(file, JSON.stringify({ key, support }, null, 2)).catch(() => undefined);
  return support;
}

/** Consumes the hand-off the gateway with `pid` left when it exited; null when none authorizes a restart. */
export async function consumeHandoff(
  cli: OpenClawCli,
  target: OpenClawTarget,
  pid: number,
): Promise<AcceptedHandoff | null> {
  const result = await cli.run(target, consumeArgs(pid), { timeoutMs: CONSUME_TIMEOUT_MS, env: { ...EXTERNAL_MODE } });
  return result.code === 0 ? parseConsume(parseJsonOutput(result.stdout)) : null;
}
