import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { verbsFor, type GatewayVerb } from '../hosts-model.ts';
import { run, useStore } from '../store.ts';
import { ActionButton } from './ui/ActionButton.tsx';
import { stateLabel, stateTone, uptime } from '../format.ts';
import { StartPhase } from './Gateway.tsx';
import { LayoutMark } from './Instances.tsx';
import { useNow } from './ui/time.ts';
import { ProfilesHead } from './ui/ProfilesHead.tsx';

export function StateBadge({ name }: { name: string }) {
  const status = useStore((s) => s.gateways[name]);
  const configError = useStore((s) => s.profiles.find((p) => p.name === name)?.configError ?? null);
  const state = status?.state ?? 'stopped';
  const label = stateLabel(status);
  const reason =
    label !== state
      ? `saved ${status?.pendingRestart}`
      : (status?.reason ?? (state === 'stopped' ? configError : null));
  return (
    <span
      className={`badge badge-${label !== state ? 'warn' : stateTone[state]}`}
      title={reason ?? state}
      aria-label={`state ${label}${reason ? `: ${reason}` : ''}`}
      data-state={state}
    >
      {label}
    </span>
  );
}

const VERBS = [
  { verb: 'start', label: 'Start', command: 'gateway.start' },
  { verb: 'stop', label: 'Stop', command: 'gateway.stop' },
  { verb: 'restart', label: 'Restart', command: 'gateway.restart' },
] as const;

/**
 * Start, Stop, Restart of one gateway of this host. A start or restart on its way keeps Stop offered (the core
 * cancels it); every button is disabled, with the reason, while the window is not connected.
 */
export function GatewayActions({ name }: { name: string }) {
  const state = useStore((s) => s.gateways[name]?.state ?? 'stopped');
  const pendingRestart = useStore((s) => Boolean(s.gateways[name]?.pendingRestart));
  const [pending, setPending] = useState<GatewayVerb | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (verb: GatewayVerb, command: 'gateway.start' | 'gateway.stop' | 'gateway.restart') => {
    setPending((current) => (verb === 'stop' ? 'stop' : (current ?? verb)));
    setError(null);
    const result = await run(command, { name });
    setPending((current) => (current === verb ? null : current));
    // A start or restart stopped on purpose answers so: nothing to report.
    if (!result.ok && !(verb !== 'stop' && /cancel|stopped meanwhile/i.test(result.error))) setError(result.error);
  };
  const verbs = verbsFor(state, pending);
  return (
    <span className="actions">
      {VERBS.map(({ verb, label, command }) => (
        <ActionButton
          key={verb}
          className={verb === 'restart' && pendingRestart ? 'primary' : undefined}
          title={
            verbs[verb]
              ? verb === 'restart' && pendingRestart
                ? 'Restart to apply the saved change'
                : undefined
              : `the gateway is ${state}`
          }
          disabled={!verbs[verb]}
          onClick={() => void act(verb, command)}
          aria-label={`${label} ${name}`}
        >
          {label}
        </ActionButton>
      ))}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

export function ProfilesTable({ selected, onSelect }: { selected: string | null; onSelect: (name: string) => void }) {
  const profiles = useStore(useShallow((s) => s.profiles));
  const gateways = useStore((s) => s.gateways);
  const now = useNow();
  return (
    <table className="profiles" aria-label="Profiles">
      <ProfilesHead />
      <tbody>
        {profiles.map((profile) => {
          const status = gateways[profile.name];
          const up = status?.startedAt && status.pid !== null ? uptime(now - status.startedAt) : '–';
          return (
            <tr
              key={profile.name}
              className={selected === profile.name ? 'selected' : undefined}
              data-profile={profile.name}
            >
              <th scope="row">
                <button
                  type="button"
                  className="link"
                  onClick={() => onSelect(profile.name)}
                  aria-pressed={selected === profile.name}
                >
                  {profile.flags.color && (
                    <span className="swatch" style={{ background: profile.flags.color }} aria-hidden />
                  )}
                  {profile.name}
                </button>{' '}
                <LayoutMark profile={profile} />
              </th>
              <td data-label="State">
                <StateBadge name={profile.name} /> <StartPhase name={profile.name} />
              </td>
              <td className="num" data-label="Base port">
                {profile.effectivePort}
                {profile.portSource !== 'config' && <span className="muted"> ({profile.portSource})</span>}
                {status?.pendingRestart && status.port !== profile.effectivePort && (
                  <span className="muted"> (runs on {status.port})</span>
                )}
              </td>
              <td className="num muted" data-label="Footprint">
                {profile.footprint.block.from}–{profile.footprint.block.to}
              </td>
              <td className="num" data-label="Uptime">
                {up}
              </td>
              <td className="num" data-label="Restarts">
                {status?.restarts ?? 0}
              </td>
              <td data-label="Actions">
                <GatewayActions name={profile.name} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
