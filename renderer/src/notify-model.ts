// The browser's notifications in `serve`: the same state changes the desktop app announces (tray.ts decides which),
// each opening that profile's logs. Pure: what to announce, given the states seen so far.
import type { GatewayState, LobsterpotEvent, Snapshot } from '../../electron/contract/contract.ts';
import { gatewayNotification, showLogsHash } from '../../electron/tray/common/tray.ts';

export interface Announcement {
  title: string;
  body: string;
  /** The window's deep link the notification opens: that profile's logs. */
  hash: string;
  /** One notification per profile: a newer one replaces the older (the Notification API's `tag`). */
  tag: string;
}

export type SeenStates = Readonly<Record<string, GatewayState>>;

/** The states of a snapshot: what is already so when the window opens is shown, not announced. */
export const seenIn = (snapshot: Pick<Snapshot, 'gateways'>): SeenStates =>
  Object.fromEntries(snapshot.gateways.map((g) => [g.profile, g.state]));

export function announce(
  seen: SeenStates,
  event: LobsterpotEvent,
): { seen: SeenStates; announcement: Announcement | null } {
  if (event.type === 'profile-removed') {
    const next = { ...seen };
    delete next[event.name];
    return { seen: next, announcement: null };
  }
  if (event.type !== 'gateway-state') return { seen, announcement: null };
  const { profile, state } = event.status;
  const notice = gatewayNotification(seen[profile], event.status);
  return {
    seen: { ...seen, [profile]: state },
    announcement: notice && { ...notice, hash: `#${showLogsHash(profile)}`, tag: `lobsterpot-${profile}` },
  };
}
