// Crash notifications in the browser (`serve`): once the person allows them, the same state changes the desktop app
// announces, each opening that profile's logs. The desktop app notifies from main, so the window there stays silent.
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { announce, seenIn, type SeenStates } from '../notify-model.ts';
import { watchdogNotice } from '../peer-model.ts';
import { showLogsHash } from '../../../electron/tray/common/tray.ts';
import { useStore } from '../store.ts';
import { hereOf } from '../reducer.ts';

const supported = () => typeof Notification !== 'undefined' && !window.lobsterpot;

export function Notifier() {
  const [permission, setPermission] = useState(() => (supported() ? Notification.permission : 'denied'));
  useEffect(() => {
    if (permission !== 'granted') return;
    let seen: SeenStates = seenIn({ gateways: Object.values(hereOf(useStore.getState()).gateways) });
    // Watchdog alerts already raised when the window opened are on screen, not news.
    const alerts = new Map(
      Object.values(hereOf(useStore.getState()).gateways).map((g) => [g.profile, g.watchdog?.alerts ?? 0]),
    );
    return api.on((event) => {
      const step = announce(seen, event);
      seen = step.seen;
      let what = step.announcement;
      if (!what && event.type === 'gateway-state') {
        const { profile } = event.status;
        const notice = watchdogNotice(alerts.get(profile) ?? 0, event.status, Date.now());
        alerts.set(profile, event.status.watchdog?.alerts ?? 0);
        if (notice) what = { ...notice, hash: `#${showLogsHash(profile)}`, tag: `lobsterpot-watchdog-${profile}` };
      }
      if (!what) return;
      const notice = new Notification(what.title, {
        body: `${what.body}\nClick to show its logs.`.trim(),
        tag: what.tag,
      });
      notice.onclick = () => {
        window.focus();
        location.hash = what.hash;
        notice.close();
      };
    });
  }, [permission]);
  if (!supported() || permission !== 'default') return null;
  return (
    <button
      type="button"
      title="Crashes, crash loops, blocked ports, config errors and unresponsive gateways, each with its logs"
      onClick={async () => setPermission(await Notification.requestPermission())}
    >
      Notify me of crashes
    </button>
  );
}
