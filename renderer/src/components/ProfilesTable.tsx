import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isRunningState } from '../../../electron/contract/contract.ts';
import { run, useStore } from '../store.ts';
import { stateLabel, stateTone, uptime } from '../format.ts';
import { StartPhase, useNow } from './Gateway.tsx';
import { LayoutMark } from './Instances.tsx';

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

export function GatewayActions({ name }: { name: string }) {
  const state = useStore((s) => s.gateways[name]?.state ?? 'stopped');
  const pending = useStore((s) => Boolean(s.gateways[name]?.pendingRestart));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (command: 'gateway.start' | 'gateway.stop' | 'gateway.restart') => {
    setBusy(true);
    setError(null);
    const result = await run(command, { name });
    setBusy(false);
    if (!result.ok) setError(result.error);
  };
  // While stopping, neither Start nor Stop may be pressed again.
  const running = isRunningState(state) || state === 'stopping';
  const buttons = [
    { label: 'Start', command: 'gateway.start', enabled: !running },
    { label: 'Stop', command: 'gateway.stop', enabled: running && state !== 'stopping' },
    { label: 'Restart', command: 'gateway.restart', enabled: running },
  ] as const;
  return (
    <span className="actions">
      {buttons.map(({ label, command, enabled }) => (
        <button
          key={label}
          type="button"
          className={label === 'Restart' && pending ? 'primary' : undefined}
          title={label === 'Restart' && pending ? 'Restart to apply the saved change' : undefined}
          disabled={busy || !enabled}
          onClick={() => act(command)}
          aria-label={`${label} ${name}`}
        >
          {label}
        </button>
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

/** The profiles table's columns, for this host's table and each other host's. */
export function ProfilesHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Profile</th>
        <th scope="col">State</th>
        <th scope="col">Base port</th>
        <th scope="col">Footprint</th>
        <th scope="col">Uptime</th>
        <th scope="col">Restarts</th>
        <th scope="col">Actions</th>
      </tr>
    </thead>
  );
}
