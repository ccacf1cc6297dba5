// Other hosts: one section per host with its connection and its profiles, in the same profiles table as this host's
// (the selected profile's panel is profile/ProfilePanel, Add host is AddHost.tsx). Every action goes to that host
// (`hosts.call`); the rules: hosts-model.
import { useMemo, useState } from 'react';
import { hostList, hostStateView, planningOf, staleNote } from '../../hosts-model.ts';
import { blockedIn, targetOf } from '../../host-scope.ts';
import type { HostLink } from '../../reducer.ts';
import { run, useStore } from '../../store.ts';
import { PortMap } from './PortMap.tsx';
import { FleetActions, FleetBanner, type FleetReport } from './FleetActions.tsx';
import { Isolation } from './Isolation.tsx';
import { ProfilesTable } from './ProfilesTable.tsx';
import { Timeline } from './Timeline.tsx';
import './hosts.css';
import { ActionButton } from '../ui/ActionButton.tsx';
import { ErrorAlert, FindingList } from '../ui/Notes.tsx';
import { useNow } from '../ui/time.ts';

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

function HostSection({ host, selected, onSelect, onNewProfile, onExport }: { host: HostLink } & HostActions) {
  const now = useNow();
  const fleet = useStore((s) => s.fleets[host.name]);
  const view = hostStateView(host, fleet, now);
  const note = staleNote(host, fleet, now);
  const blocked = useStore((s) => blockedIn(s, host.name));
  const profiles = fleet?.profiles.length ?? 0;
  const [reconnecting, setReconnecting] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<FleetReport | null>(null);
  const plan = useMemo(() => planningOf(fleet), [fleet]);
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
            disabled={blocked !== null || !profiles}
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
      {note && fleet && (
        <p className="banner banner-warn" role="status">
          The states of {host.name} below are not live: {note}.
        </p>
      )}
      {!fleet ? (
        <p className="muted">
          {host.state === 'lost'
            ? `Lobsterpot has not reached ${host.name} yet; its profiles show once it has.`
            : `Profiles of ${host.name} show once it is connected.`}
        </p>
      ) : !profiles ? (
        <p className="muted">No profiles on {host.name} yet.</p>
      ) : (
        <ProfilesTable host={host.name} selected={highlight} onSelect={(name) => onSelect({ host: host.name, name })} />
      )}
      {fleet && profiles > 0 && (
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

function RemoveHost({ host, onCancel }: { host: HostLink; onCancel: () => void }) {
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
