// Desktop notifications: a gateway that crashed, crash-loops, finds its port blocked or its config broken, and the
// core's warnings. Clicking one opens what it is about (that profile's logs, or the window with the warning banner).
import type { GatewayState, GatewayStatus, LobsterpotEvent } from '../contract/contract.ts';
import { gatewayNotification } from '../tray/common/tray.ts';

export interface Notice {
  title: string;
  body: string;
  /** The label of the button that does what a click does, where the OS shows buttons (macOS). */
  action: string;
}

export interface NotificationTargets {
  isSupported(): boolean;
  show(notice: Notice, onClick: () => void): void;
  showLogs(profile: string): void;
  showWindow(): void;
}

export class NotificationService {
  readonly #targets: NotificationTargets;
  readonly #previous = new Map<string, GatewayState>();

  constructor(targets: NotificationTargets) {
    this.#targets = targets;
  }

  /** The states found at startup: an adopted gateway that already crash-loops is shown in the tray, not announced. */
  seed(gateways: readonly GatewayStatus[]): void {
    for (const status of gateways) this.#previous.set(status.profile, status.state);
  }

  handle(event: LobsterpotEvent): void {
    if (event.type === 'gateway-state') {
      const { profile, state } = event.status;
      const notice = gatewayNotification(this.#previous.get(profile), event.status);
      this.#previous.set(profile, state);
      if (notice) this.#show({ ...notice, action: 'Show logs' }, () => this.#targets.showLogs(profile));
    } else if (event.type === 'profile-removed') {
      this.#previous.delete(event.name);
    } else if (event.type === 'warning') {
      this.warn(event.message);
    }
  }

  /** Something the person should know that no window may be open to show. */
  warn(message: string): void {
    this.#show({ title: 'Lobsterpot', body: message, action: 'Open Lobsterpot' }, () => this.#targets.showWindow());
  }

  #show(notice: Notice, onClick: () => void) {
    if (this.#targets.isSupported()) this.#targets.show(notice, onClick);
  }
}
