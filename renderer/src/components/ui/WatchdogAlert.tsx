// A raised watchdog alert of one gateway on its host, with Acknowledge: above the window and in the profile panel.
import { watchdogRaised, watchdogText } from '../../../../electron/gateways/common/gateway-text.ts';
import { onHost, useBlocked, useGateway, type HostTarget } from '../../host-scope.ts';
import { ActionButton } from './ActionButton.tsx';
import { ErrorAlert } from './Notes.tsx';
import { useAction } from './action.ts';

export function WatchdogAlert({
  target,
  name,
  now,
  onShow,
}: {
  target: HostTarget;
  name: string;
  now: number;
  onShow?: () => void;
}) {
  const status = useGateway(target.host, name);
  const blocked = useBlocked(target.host);
  const { busy, error, act } = useAction();
  const text = watchdogText(status?.watchdog, now);
  if (!text || !watchdogRaised(status?.watchdog)) return null;
  return (
    <div className="banner banner-bad peer-banner" role="alert" aria-label={onHost(`Watchdog: ${name}`, target.host)}>
      <span>
        <strong>{name}</strong> is {text} (now {status?.state}
        {status?.reason ? `: ${status.reason}` : ''}).
      </span>
      <ActionButton
        type="button"
        className="primary"
        blocked={blocked}
        disabled={busy}
        onClick={() => act(() => target.run('watchdog.acknowledge', { name }))}
      >
        Acknowledge
      </ActionButton>
      {onShow && (
        <button type="button" onClick={onShow}>
          Show {name}
        </button>
      )}
      <ErrorAlert error={error} />
    </div>
  );
}
