// The one manager window: created on demand, reused and focused afterwards (a second instance, `activate`, the tray),
// fed the core's events, told the warnings it missed, and deep-linked to a profile's logs.
import type { LobsterpotEvent } from '../contract/contract.ts';
import { showLogsHash } from '../tray/common/tray.ts';

/** The part of a BrowserWindow the service uses; main adapts the real one (and installs its guards there). */
export interface WindowHandle {
  load(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  send(event: LobsterpotEvent): void;
  onClosed(listener: () => void): void;
  onceReadyToShow(listener: () => void): void;
  /** Every load of the page (a reload included): the page has subscribed and can be told what it missed. */
  onLoaded(listener: () => void): void;
}

export interface WindowServiceOptions<W extends WindowHandle> {
  createWindow(): W;
  /** The page's URL, with a hash for a deep link. */
  pageUrl(hash?: string): string;
  log(message: string): void;
  /** Brings the app itself forward (macOS: `app.focus({ steal: true })`, since focus() does not activate an agent app). */
  activateApp?: () => void;
}

/** How many warnings a window opened later still gets to see (the banner shows at most five). */
export const WARNINGS_KEPT = 5;

export class WindowService<W extends WindowHandle = WindowHandle> {
  readonly #options: WindowServiceOptions<W>;
  #window: W | null = null;
  #warnings: string[] = [];

  constructor(options: WindowServiceOptions<W>) {
    this.#options = options;
  }

  get current(): W | null {
    return this.#window && !this.#window.isDestroyed() ? this.#window : null;
  }

  /** Opens the window, or brings the open one to the front; with a profile, on its logs (another host's with `host`). */
  show(profile?: string, host?: string): void {
    const hash = profile ? showLogsHash(profile, host) : undefined;
    const existing = this.current;
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      this.#options.activateApp?.();
      existing.focus();
      if (hash) this.#load(existing, hash);
      return;
    }
    const window = this.#options.createWindow();
    this.#window = window;
    window.onClosed(() => {
      if (this.#window === window) this.#window = null;
    });
    window.onceReadyToShow(() => {
      window.show();
      this.#options.activateApp?.();
      window.focus();
    });
    window.onLoaded(() => {
      for (const message of this.#warnings) window.send({ type: 'warning', message });
    });
    this.#load(window, hash);
  }

  /** A core event, for the page's store. */
  send(event: LobsterpotEvent): void {
    if (event.type === 'warning') this.#keep(event.message);
    this.current?.send(event);
  }

  /** A warning from the shell itself (launch at login failed…), shown as the core's are. */
  warn(message: string): void {
    this.send({ type: 'warning', message });
  }

  /** Warnings raised before any window could listen (while the Manager opened). */
  remember(messages: readonly string[]): void {
    for (const message of messages) this.#keep(message);
  }

  #keep(message: string) {
    this.#warnings = [...this.#warnings, message].slice(-WARNINGS_KEPT);
  }

  #load(window: WindowHandle, hash?: string) {
    // A hash change is an in-page navigation (the page follows `hashchange`); a failed load is logged, not thrown.
    window.load(this.#options.pageUrl(hash)).catch((error: Error) => this.#options.log(`window: ${error.message}`));
  }
}
