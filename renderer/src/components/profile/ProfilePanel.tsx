// The one profile panel, for this host and every other: Status, Edit, Logs and Manage of the selected profile, every
// read from its host's fleet and every command sent to its host. What another host cannot do from here is disabled
// with the reason, in the same panel.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ExportFormat, ProfileView } from '../../../../electron/contract/contract.ts';
import type { PortProfile } from '../../../../electron/ports/common/ports.ts';
import { targetOf, useBlocked, useLogLines, useProfile, type HostTarget } from '../../host-scope.ts';
import type { ProfileTab } from '../../navigation.ts';
import { ProfileTabs } from '../ui/ProfileTabs.tsx';
import { ErrorAlert } from '../ui/Notes.tsx';
import { ManageTab } from './ManageTab.tsx';
import { ProfileEditor } from './ProfileEditor.tsx';
import { StatusTab } from './StatusTab.tsx';

export function ProfilePanel({
  host,
  name,
  tab,
  onTab,
  onDraft,
  onDeleted,
  onExport,
}: {
  host: string | null;
  name: string;
  tab: ProfileTab;
  onTab: (tab: ProfileTab) => void;
  onDraft?: (draft: PortProfile | null) => void;
  onDeleted: () => void;
  onExport: (format: ExportFormat) => void;
}) {
  const profile = useProfile(host, name);
  const target = targetOf(host);
  if (!profile) return null;
  return (
    <section className="details" aria-label={host === null ? `Profile ${name}` : `Profile ${name} on ${host}`}>
      <h2>
        {name}
        {host !== null && <span className="muted"> on {host}</span>}
      </h2>
      <ProfileTabs tab={tab} onTab={onTab} />
      <div role="tabpanel">
        {/* One Status for the host's profiles: it keeps each profile's answers under that profile. */}
        {tab === 'status' && <StatusTab target={target} profile={profile} />}
        {tab === 'edit' && (
          <ProfileEditor key={`${host}/${name}`} profile={profile} target={target} onDraft={onDraft} />
        )}
        {tab === 'logs' && <LogsTab key={name} target={target} profile={profile} />}
        {tab === 'manage' && (
          // A delete being confirmed is this profile's: another profile's Manage starts afresh.
          <ManageTab key={name} target={target} profile={profile} onDeleted={onDeleted} onExport={onExport} />
        )}
      </div>
    </section>
  );
}

/** The log's tail: this host's follows by event, another's is asked again every few seconds while it can be. */
function LogsTab({ target, profile }: { target: HostTarget; profile: ProfileView }) {
  const { host } = target;
  const { lines, at, error } = useLogLines(target, profile.name);
  const blocked = useBlocked(host);
  const [filter, setFilter] = useState('');
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLPreElement>(null);
  const shown = useMemo(
    () => (lines ?? []).filter((line) => !filter || line.toLowerCase().includes(filter.toLowerCase())),
    [lines, filter],
  );
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);
  const asOf = at === null ? null : new Date(at).toLocaleTimeString();
  // This host's lines come as they are written; another host's as last asked, and said so.
  const freshness =
    host === null
      ? null
      : blocked !== null
        ? `${blocked}${asOf ? `; lines as of ${asOf}` : ''}`
        : asOf
          ? `as of ${asOf}, asked again every 5 s`
          : 'asking…';
  return (
    <section aria-label="Logs" className="logs">
      <div className="buttons">
        <input
          aria-label="Filter log lines"
          placeholder="Filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        {freshness && <span className="muted">{freshness}</span>}
      </div>
      <ErrorAlert error={error} />
      <pre
        ref={box}
        tabIndex={0}
        aria-label={host === null ? `Log of ${profile.name}` : `Log of ${profile.name} on ${host}`}
      >
        {shown.length
          ? shown.join('\n')
          : lines === undefined && blocked === null
            ? 'Asking for the log…'
            : 'No log lines yet.'}
      </pre>
    </section>
  );
}
