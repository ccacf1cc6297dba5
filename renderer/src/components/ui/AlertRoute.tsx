// Settings › Watchdog alerts: the watchdog's alert is also sent through another profile's gateway to a channel
// target (OpenClaw's `send`), so a dead main bot is reported by the rescue bot in the owner's chat.
import { useState } from 'react';
import type { Settings } from '../../../../electron/contract/contract.ts';
import { useConfiguredNames } from '../../host-scope.ts';
import { TextField } from './TextField.tsx';

type Route = Pick<Settings, 'alertProfile' | 'alertChannel' | 'alertTarget'>;

/** The fields, and the patch they make (an empty text clears its part: no alert is sent without all three). */
export function useAlertRoute(settings: Route | null) {
  const names = useConfiguredNames(null).split('\n').filter(Boolean);
  const [profile, setProfile] = useState(settings?.alertProfile ?? '');
  const [channel, setChannel] = useState(settings?.alertChannel ?? '');
  const [target, setTarget] = useState(settings?.alertTarget ?? '');
  const patch: Route = {
    alertProfile: profile || null,
    alertChannel: channel.trim() || null,
    alertTarget: target.trim() || null,
  };
  const fields = (
    <fieldset className="alert-route">
      <legend>Watchdog alerts through a gateway</legend>
      <p className="muted">
        Also send the watchdog&apos;s alert through this profile&apos;s gateway (OpenClaw&apos;s <code>send</code>),
        never through the one that is down. The channel must be set up in that profile.
      </p>
      <div className="field">
        <label htmlFor="set-alert-profile">Through profile</label>
        <select id="set-alert-profile" value={profile} onChange={(e) => setProfile(e.target.value)}>
          <option value="">none (desktop notification only)</option>
          {[...new Set([...names, ...(profile ? [profile] : [])])].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <TextField id="set-alert-channel" label="Channel" placeholder="telegram" value={channel} onChange={setChannel} />
      <TextField
        id="set-alert-target"
        label="To"
        placeholder="the owner's chat id or number"
        value={target}
        onChange={setTarget}
      />
    </fieldset>
  );
  return { patch, fields };
}
