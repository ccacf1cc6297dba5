// One gateway's state and its Start, Stop and Restart, on any host: the profiles table's and the panel's.
import { useState } from 'react';
import { gatewayVerbs, type GatewayVerb } from '../../hosts-model.ts';
import { onHost, targetOf, useBlocked, useShown } from '../../host-scope.ts';
import { phaseText } from '../../format.ts';
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
  { verb: 'start', label: 'Start', command: 'gateway.start' },
  { verb: 'stop', label: 'Stop', command: 'gateway.stop' },
  { verb: 'restart', label: 'Restart', command: 'gateway.restart' },
] as const;

/**
 * Start, Stop, Restart of one gateway on its host. A start or restart on its way keeps Stop offered (the core
 * cancels it); every button is disabled, with the reason, while the window or the host cannot be asked.
 */
export function GatewayActions({ host = null, name }: { host?: string | null; name: string }) {
  const shown = useShown(host, name);
  const blocked = useBlocked(host);
  const [pending, setPending] = useState<GatewayVerb | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pendingRestart = Boolean(shown.status?.pendingRestart);
  const act = async (verb: GatewayVerb, command: 'gateway.start' | 'gateway.stop' | 'gateway.restart') => {
    setPending((current) => (verb === 'stop' ? 'stop' : (current ?? verb)));
    setError(null);
    const result = await targetOf(host).run(command, { name });
    setPending((current) => (current === verb ? null : current));
    // A start or restart stopped on purpose answers so: nothing to report.
    if (!result.ok && !(verb !== 'stop' && /cancel|stopped meanwhile/i.test(result.error))) setError(result.error);
  };
  const verbs = gatewayVerbs(shown, blocked, pending);
  return (
    <span className="actions">
      {VERBS.map(({ verb, label, command }) => (
        <ActionButton
          key={verb}
          className={verb === 'restart' && pendingRestart ? 'primary' : undefined}
          title={
            verbs[verb].reason ??
            (verb === 'restart' && pendingRestart ? 'Restart to apply the saved change' : undefined)
          }
          blocked={blocked}
          disabled={!verbs[verb].enabled}
          onClick={() => void act(verb, command)}
          aria-label={onHost(`${label} ${name}`, host)}
        >
          {label}
        </ActionButton>
      ))}
      {blocked && <span className="sr-only">{blocked}</span>}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
