// Other hosts: one section per host with its connection and its profiles (a remote profile's details are in
// RemoteProfile.tsx, Add host in AddHost.tsx). Every action goes through `hosts.call` (runOn); the rules: hosts-model.
import { useMemo, useState } from 'react';
import type { HostView } from '../../../electron/contract/contract.ts';
import {
  hostList,
  hostStateView,
  planningOf,
  remoteRows,
  staleNote,
  unreachableReason,
  type Availability,
  type GatewayVerb,
  type RemoteRow,
} from '../hosts-model.ts';
import { uptime } from '../format.ts';
import { targetOf } from '../host-scope.ts';
import { run, runOn, useStore } from '../store.ts';

import { PortMap } from './PortMap.tsx';
import { FleetActions, FleetBanner, type FleetReport } from './Peer.tsx';
import { Isolation } from './Isolation.tsx';
import { Timeline } from './Timeline.tsx';

import './hosts.css';
import { ActionButton, useOffline } from './ui/ActionButton.tsx';
import { ProfilesHead } from './ui/ProfilesHead.tsx';
import { ErrorAlert, FindingList } from './ui/Notes.tsx';
import { useNow } from './ui/time.ts';

/** A remote profile the window shows the details of. */
export interface RemoteSelection {
  host: string;
  name: string;
}

export interface HostActions {
  selected: RemoteSelection | null;
  onSelect: (selection: RemoteSelection) => void;
  onNewProfile: (host: string) => void;
  onExport: (host: string) => void;
}

/** Every other host, by name; nothing at all when there is none. */
export function HostSections(actions: HostActions) {
  const hosts = useStore((s) => s.hosts);
  const list = useMemo(() => hostList(hosts), [hosts]);
  return (
    <>
      {list.map((host) => (
        <HostSection key={host.name} host={host} {...actions} />
      ))}
    </>
  );
}

function HostSection({ host, selected, onSelect, onNewProfile, onExport }: { host: HostView } & HostActions) {
  const now = useNow();
  const view = hostStateView(host, now);
  const offline = useOffline();
  const rows = remoteRows(host, now, offline);
  const note = staleNote(host, now);
  const blocked = offline ?? unreachableReason(host);
  const [reconnecting, setReconnecting] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<FleetReport | null>(null);
  const plan = useMemo(() => planningOf(host), [host]);
  const target = targetOf(host.name);
  const highlight = selected?.host === host.name ? selected.name : null;
  const reconnect = async () => {
    setReconnecting(true);
    setError(null);
    const result = await run('hosts.reconnect', { name: host.name });
    setReconnecting(false);
    if (!result.ok) setError(result.error);
  };
  return (
    <section
      className={`host${note ? ' host-stale' : ''}`}
      aria-label={`Host ${host.name}`}
      data-host={host.name}
      data-state={host.state}
    >
      <div className="host-head">
        <h2>
          {host.name} <code className="muted host-destination">{host.destination}</code>
        </h2>
        <span className={`badge badge-${view.tone}`} data-host-state={host.state}>
          {view.label}
        </span>
        {view.detail && (
          <span className={host.state === 'lost' ? 'error-text host-detail' : 'muted host-detail'}>{view.detail}</span>
        )}
        {view.retry && <span className="muted num">{view.retry}</span>}
        <span className="actions host-actions">
          <FleetActions target={target} onReport={setReport} />
          {view.canReconnect && (
            <ActionButton type="button" disabled={reconnecting} onClick={() => void reconnect()}>
              {reconnecting ? 'Reconnecting…' : 'Reconnect'}
            </ActionButton>
          )}
          <ActionButton
            type="button"
            disabled={blocked !== null}
            title={blocked ?? `Plans against the ports of ${host.name}`}
            onClick={() => onNewProfile(host.name)}
          >
            New profile…
          </ActionButton>
          <ActionButton
            type="button"
            disabled={blocked !== null || !rows.length}
            title={blocked ?? `Every profile of ${host.name}`}
            onClick={() => onExport(host.name)}
          >
            Export…
          </ActionButton>
          <ActionButton type="button" className="danger" onClick={() => setRemoving(true)} disabled={removing}>
            Remove host…
          </ActionButton>
        </span>
      </div>
      <ErrorAlert error={error} />
      <FleetBanner report={report} host={host.name} />
      {removing && <RemoveHost host={host} onCancel={() => setRemoving(false)} />}
      {note && host.remote && (
        <p className="banner banner-warn" role="status">
          The states of {host.name} below are not live: {note}.
        </p>
      )}
      {!host.remote ? (
        <p className="muted">
          {host.state === 'lost'
            ? `Lobsterpot has not reached ${host.name} yet; its profiles show once it has.`
            : `Profiles of ${host.name} show once it is connected.`}
        </p>
      ) : !rows.length ? (
        <p className="muted">No profiles on {host.name} yet.</p>
      ) : (
        <RemoteTable host={host} rows={rows} now={now} selected={selected} onSelect={onSelect} />
      )}
      {host.remote && rows.length > 0 && (
        <>
          <HostPart summary={`Port map of ${host.name}`}>
            {() => (
              <>
                <PortMap
                  profiles={plan.profiles}
                  findings={plan.findings}
                  listeners={plan.listeners}
                  ephemeral={plan.ephemeral}
                  highlight={highlight}
                />
                <FindingList
                  findings={[...plan.findings]}
                  empty={`No port clashes between the profiles of ${host.name}.`}
                />
              </>
            )}
          </HostPart>
          <HostPart summary={`Isolation of ${host.name}`}>
            {() => <Isolation target={target} highlight={highlight} />}
          </HostPart>
          <HostPart summary={`Timeline of ${host.name}`}>{() => <Timeline target={target} />}</HostPart>
        </>
      )}
    </section>
  );
}

/** A part of a host's section shown on demand: drawn, and so asked of the host, only while open. */
function HostPart({ summary, children }: { summary: string; children: () => React.ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="host-map" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children()}
    </details>
  );
}

function RemoveHost({ host, onCancel }: { host: HostView; onCancel: () => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div role="alertdialog" aria-label={`Confirm removing ${host.name}`} className="confirm">
      <p>
        Remove host {host.name}? Lobsterpot closes its connection and forgets it; nothing on {host.destination} is
        deleted.
      </p>
      <ActionButton
        type="button"
        className="danger"
        onClick={async () => {
          const result = await run('hosts.remove', { name: host.name });
          if (!result.ok) setError(result.error);
        }}
      >
        Remove
      </ActionButton>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <ErrorAlert error={error} />
    </div>
  );
}

/** The state of a remote gateway: live, or "unknown" with why and when it was last seen. */
export function RemoteStateBadge({ row }: { row: RemoteRow }) {
  const reason = row.status?.reason ?? null;
  return (
    <>
      <span
        className={`badge badge-${row.tone}`}
        title={row.note ?? reason ?? row.label}
        aria-label={`state ${row.label}${row.note ? `: ${row.note}` : reason ? `: ${reason}` : ''}`}
        data-state={row.status ? row.status.state : 'unknown'}
      >
        {row.label}
      </span>
      {row.note && <span className="muted stale-note"> {row.note.replace(/^unknown \((.*)\)$/, '$1')}</span>}
    </>
  );
}

function RemoteTable({
  host,
  rows,
  now,
  selected,
  onSelect,
}: {
  host: HostView;
  rows: RemoteRow[];
  now: number;
  selected: RemoteSelection | null;
  onSelect: (selection: RemoteSelection) => void;
}) {
  return (
    <table className="profiles" aria-label={`Profiles on ${host.name}`}>
      <ProfilesHead />
      <tbody>
        {rows.map((row) => {
          const { profile, status } = row;
          const isSelected = selected?.host === host.name && selected.name === profile.name;
          const up = status?.startedAt && status.pid !== null ? uptime(now - status.startedAt) : '–';
          return (
            <tr key={profile.name} className={isSelected ? 'selected' : undefined} data-profile={profile.name}>
              <th scope="row">
                <button
                  type="button"
                  className="link"
                  onClick={() => onSelect({ host: host.name, name: profile.name })}
                  aria-pressed={isSelected}
                  aria-label={`${profile.name} on ${host.name}`}
                >
                  {profile.flags?.color && (
                    <span className="swatch" style={{ background: profile.flags.color }} aria-hidden />
                  )}
                  {profile.name}
                </button>
              </th>
              <td data-label="State">
                <RemoteStateBadge row={row} />
              </td>
              <td className="num" data-label="Base port">
                {profile.effectivePort}
              </td>
              <td className="num muted" data-label="Footprint">
                {profile.footprint ? `${profile.footprint.block.from}–${profile.footprint.block.to}` : '–'}
              </td>
              <td className="num" data-label="Uptime">
                {up}
              </td>
              <td className="num" data-label="Restarts">
                {status ? status.restarts : '–'}
              </td>
              <td data-label="Actions">
                <RemoteActions host={host.name} row={row} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const VERBS: { verb: GatewayVerb; label: string; command: 'gateway.start' | 'gateway.stop' | 'gateway.restart' }[] = [
  { verb: 'start', label: 'Start', command: 'gateway.start' },
  { verb: 'stop', label: 'Stop', command: 'gateway.stop' },
  { verb: 'restart', label: 'Restart', command: 'gateway.restart' },
];

/** Start, Stop, Restart on the host; disabled with the reason (in the tooltip) when they cannot be asked now. */
export function RemoteActions({ host, row }: { host: string; row: RemoteRow }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = row.profile.name;
  const act = async (command: 'gateway.start' | 'gateway.stop' | 'gateway.restart') => {
    setBusy(true);
    setError(null);
    const result = await runOn(host, command, { name });
    setBusy(false);
    if (!result.ok) setError(result.error);
  };
  const blocked = row.reach.enabled ? null : row.reach.reason;
  return (
    <span className="actions">
      {VERBS.map(({ verb, label, command }) => {
        const availability: Availability = row.actions[verb];
        return (
          <ActionButton
            key={verb}
            type="button"
            disabled={busy || !availability.enabled}
            title={availability.reason ?? undefined}
            onClick={() => act(command)}
            aria-label={`${label} ${name} on ${host}`}
          >
            {label}
          </ActionButton>
        );
      })}
      {blocked && <span className="sr-only">{blocked}</span>}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
