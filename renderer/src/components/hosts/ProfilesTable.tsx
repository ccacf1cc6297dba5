// A host's profiles table, the same for this host and every other: state, base port, footprint, uptime, restarts and
// Start, Stop, Restart; another host's states only while live ("unknown" otherwise, with since when).
import { onHost, useProfiles, useShown } from '../../host-scope.ts';
import { uptime } from '../../format.ts';
import type { ProfileView } from '../../../../electron/contract/contract.ts';
import { GatewayActions, StartPhase, StateBadge } from '../ui/Gateway.tsx';
import { LayoutMark } from '../ui/LayoutMark.tsx';
import { useNow } from '../ui/time.ts';
import { ProfilesHead } from '../ui/ProfilesHead.tsx';

export function ProfilesTable({
  host = null,
  selected,
  onSelect,
}: {
  host?: string | null;
  selected: string | null;
  onSelect: (name: string) => void;
}) {
  const profiles = useProfiles(host);
  return (
    <table className="profiles" aria-label={onHost('Profiles', host)}>
      <ProfilesHead />
      <tbody>
        {profiles.map((profile) => (
          <ProfileRow
            key={profile.name}
            host={host}
            profile={profile}
            selected={selected === profile.name}
            onSelect={() => onSelect(profile.name)}
          />
        ))}
      </tbody>
    </table>
  );
}

function ProfileRow({
  host,
  profile,
  selected,
  onSelect,
}: {
  host: string | null;
  profile: ProfileView;
  selected: boolean;
  onSelect: () => void;
}) {
  const { status } = useShown(host, profile.name);
  const now = useNow();
  const up = status?.startedAt && status.pid !== null ? uptime(now - status.startedAt) : '–';
  return (
    <tr className={selected ? 'selected' : undefined} data-profile={profile.name}>
      <th scope="row">
        <button
          type="button"
          className="link"
          onClick={onSelect}
          aria-pressed={selected}
          aria-label={host === null ? undefined : `${profile.name} on ${host}`}
        >
          {profile.flags?.color && <span className="swatch" style={{ background: profile.flags.color }} aria-hidden />}
          {profile.name}
        </button>{' '}
        <LayoutMark profile={profile} />
      </th>
      <td data-label="State">
        <StateBadge host={host} name={profile.name} /> <StartPhase host={host} name={profile.name} />
      </td>
      <td className="num" data-label="Base port">
        {profile.effectivePort}
        {profile.portSource !== 'config' && <span className="muted"> ({profile.portSource})</span>}
        {status?.pendingRestart && status.port !== profile.effectivePort && (
          <span className="muted"> (runs on {status.port})</span>
        )}
      </td>
      <td className="num muted" data-label="Footprint">
        {profile.footprint ? `${profile.footprint.block.from}–${profile.footprint.block.to}` : '–'}
      </td>
      <td className="num" data-label="Uptime">
        {up}
      </td>
      <td className="num" data-label="Restarts">
        {status ? status.restarts : host === null ? 0 : '–'}
      </td>
      <td data-label="Actions">
        <GatewayActions host={host} name={profile.name} />
      </td>
    </tr>
  );
}
