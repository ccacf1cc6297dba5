// Facts of a profile that read the same on every host: where its config and workspace are, its restarts and health.
import type { GatewayStatus, ProfileView } from '../../../../electron/contract/contract.ts';
import { PathText } from './Copy.tsx';
import { Field } from './Field.tsx';

/** A gateway's restarts with its last exit, and its health; `unknown` stands for the count when there is no status. */
export function RestartsAndHealth({ status, unknown = '0' }: { status: GatewayStatus | undefined; unknown?: string }) {
  const health = status?.health;
  return (
    <>
      <Field label="Restarts">
        {status ? status.restarts : unknown}
        {status?.lastExit && (
          <span className="muted">
            {' '}
            · last exit: {status.lastExit.meaning} at {new Date(status.lastExit.at).toLocaleTimeString()}
          </span>
        )}
      </Field>
      <Field label="Health">
        {health?.checkedAt
          ? `${health.live ? 'live' : 'not live'} · ${health.ready ? 'ready' : `not ready${health.failing.length ? ` (failing: ${health.failing.join(', ')})` : ''}`}`
          : '–'}
      </Field>
    </>
  );
}

/** Where a profile's config and workspace are (or why its config cannot be read), on whichever host it lives. */
export function ProfilePlaces({ profile }: { profile: ProfileView }) {
  return (
    <>
      <Field label="Config">
        {profile.configError ? (
          <span className="error-text">{profile.configError}</span>
        ) : (
          <PathText path={profile.configPath} />
        )}
      </Field>
      <Field label="Workspace">{profile.workspace ? <PathText path={profile.workspace} /> : '–'}</Field>
    </>
  );
}
