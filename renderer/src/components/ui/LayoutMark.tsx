// The mark beside an instance's name in a profiles table: set up by environment, not by --profile.
import type { ProfileView } from '../../../../electron/contract/contract.ts';

export function LayoutMark({ profile }: { profile: ProfileView }) {
  if (profile.layout !== 'env') return null;
  return (
    <span
      className="badge badge-info"
      title={`Set up by environment: OPENCLAW_CONFIG_PATH=${profile.configPath} OPENCLAW_STATE_DIR=${profile.stateDir}`}
    >
      env
    </span>
  );
}
