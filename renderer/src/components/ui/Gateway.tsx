// One gateway's state and its Start, Stop, Restart and Restart when idle, on any host: the profiles table's and the panel's.
import { useState } from 'react';
import { gatewayVerbs, type GatewayVerb } from '../../hosts-model.ts';
import { onHost, targetOf, useBlocked, useShown } from '../../host-scope.ts';
import { phaseText } from '../../format.ts';
import { IDLE_WAIT_DEFAULT_S } from '../../../../electron/gateways/common/drain.ts';
import { restartNote } from '../../../../electron/gateways/common/gateway-text.ts';
import { ActionButton } from './ActionButton.tsx';
import { useNow } from './time.ts';

/** The gateway's state: live, or "unknown" with why and since when (another host out of reach). */
export function StateBadge({ host = null, name }: { host?: string | null; name: string }) {
  const shown = useShown(host, name);
  return (
    <>
      <span
        className={`badge badge-${shown.tone}`}
        title={shown.reason ?? shown.label}
        aria-label={`state ${shown.label}${shown.reason ? `: ${shown.reason}` : ''}`}
        data-state={shown.state}
      >
        {shown.label}
      </span>
      {shown.note && <span className="muted stale-note"> {shown.note}</span>}
    </>
  );
}

/** Where a start is and how long it has taken; nothing when the gateway is not starting. */
export function StartPhase({ host = null, name }: { host?: string | null; name: string }) {
  const { status } = useShown(host, name);
  const now = useNow(500);
  const text = phaseText(status ?? undefined, now);
  if (!text || status?.phase?.name === 'ready') return null;
  return (
    <span className="phase" data-phase={status?.phase?.name} role="status">
      {text}
    </span>
  );
}

const VERBS = [
  { verb: 'start', label: 'Start' },
  { verb: 'stop', label: 'Stop' },
  { verb: 'restart', label: 'Restart' },
] as const;

type Act = 'start' | 'stop' | 'restart' | 'restart-idle';

/** The work a stop or restart met, said after it: what a when-idle restart waited for, or what a stop drained. */
function workNote(result: unknown): string | null {
  const outcome = result as { activeWork?: string | null; waitedMs?: number | null } | null;
  if (!outcome || outcome.activeWork === undefined) return null;
  return restartNote({ activeWork: outcome.activeWork ?? null, waitedMs: outcome.waitedMs ?? null });
}

/**
 * Start, Stop, Restart and Restart when idle of one gateway on its host. A start or restart on its way keeps Stop
 * offered (the core cancels it; a when-idle restart stops waiting); every button is disabled, with the reason, while
 * the window or the host cannot be asked. Before a stop or an immediate restart the gateway is asked for its active
 * work: when it has some, the person sees what would be interrupted and chooses.
 */
export function GatewayActions({ host = null, name }: { host?: string | null; name: string }) {
  const shown = useShown(host, name);
  const blocked = useBlocked(host);
  const [pending, setPending] = useState<GatewayVerb | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [interrupts, setInterrupts] = useState<{ act: 'stop' | 'restart'; work: string } | null>(null);
  const pendingRestart = Boolean(shown.status?.pendingRestart);
  const target = targetOf(host);
  const run = async (act: Act) => {
    const verb: GatewayVerb = act === 'restart-idle' ? 'restart' : act;
    setInterrupts(null);
    setPending((current) => (verb === 'stop' ? 'stop' : (current ?? verb)));
    setError(null);
    setNote(null);
    const result =
      act === 'restart-idle'
        ? await target.run('gateway.restart', { name, whenIdle: {} })
        : await target.run(`gateway.${verb}`, { name });
    setPending((current) => (current === verb ? null : current));
    if (result.ok) setNote(workNote(result.result));
    // A start or restart stopped on purpose answers so: nothing to report.
    else if (!(verb !== 'stop' && /cancel|stopped meanwhile/i.test(result.error))) setError(result.error);
  };
  const act = async (which: Act) => {
    if (which === 'stop' || which === 'restart') {
      // An older host has no such command: it stops as before.
      const read = await target.run('gateway.activeWork', { name });
      if (read.ok && read.result.activeWork) return setInterrupts({ act: which, work: read.result.activeWork });
    }
    return run(which);
  };
  const verbs = gatewayVerbs(shown, blocked, pending);
  const button = (which: Act, label: string, verb: GatewayVerb, title?: string) => (
    <ActionButton
      key={which}
      className={which === 'restart' && pendingRestart ? 'primary' : undefined}
      title={verbs[verb].reason ?? title}
      blocked={blocked}
      disabled={!verbs[verb].enabled}
      onClick={() => void act(which)}
      aria-label={onHost(`${label} ${name}`, host)}
    >
      {label}
    </ActionButton>
  );
  return (
    <span className="actions">
      {VERBS.map(({ verb, label }) =>
        button(
          verb,
          label,
          verb,
          verb === 'restart' && pendingRestart ? 'Restart to apply the saved change' : undefined,
        ),
      )}
      {button(
        'restart-idle',
        'Restart when idle',
        'restart',
        `Waits until the gateway reports no active work (at most ${IDLE_WAIT_DEFAULT_S / 60} minutes), then restarts; still busy then, it keeps running`,
      )}
      {interrupts && (
        <span className="drain-confirm" role="alertdialog" aria-label={`${name} has active work`}>
          <span>
            {name} has active work a {interrupts.act} would interrupt: {interrupts.work}.
          </span>
          <button type="button" onClick={() => void run(interrupts.act)}>
            {interrupts.act === 'stop' ? 'Stop anyway' : 'Restart anyway'}
          </button>
          {interrupts.act === 'restart' && (
            <button type="button" onClick={() => void run('restart-idle')}>
              Restart when idle
            </button>
          )}
          <button type="button" onClick={() => setInterrupts(null)}>
            Cancel
          </button>
        </span>
      )}
      {blocked && <span className="sr-only">{blocked}</span>}
      {note && (
        <span className="muted" role="status">
          {note}
        </span>
      )}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
