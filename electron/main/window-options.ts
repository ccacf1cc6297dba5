// The manager window's options and the rules of what it may show: every security setting in one place, asserted by a
// test under plain Node.
import type { BrowserWindowConstructorOptions } from 'electron';

/** The page's background in each theme (styles.css `--bg`): the window shows it before the page paints. */
export const windowBackground = (dark: boolean) => (dark ? '#161413' : '#fbfaf9');

export function managerWindowOptions(
  preloadPath: string,
  options: { devTools: boolean; dark?: boolean } = { devTools: false },
): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 820,
    // The page has a narrow layout (one card per profile) down to about 400 px.
    minWidth: 400,
    minHeight: 520,
    show: false,
    title: 'Lobsterpot',
    // Shown, not hidden behind Alt: on Windows and Linux it holds Quit, the window's way out when no tray shows.
    autoHideMenuBar: false,
    backgroundColor: windowBackground(options.dark ?? false),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}

/**
 * The page comes from a privileged scheme of the app's own (`app://lobsterpot/`), not `file://`: the file protocol's
 * extra privileges fuse stays off, and the page is one origin that a check can name.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lobsterpot';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** What `protocol.registerSchemesAsPrivileged` is given before ready: a standard, secure origin for module scripts. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** The window's page, with an optional hash for a deep link (`#logs/alpha`). */
export function appPageUrl(hash?: string): string {
  const url = new URL(`${APP_ORIGIN}/index.html`);
  if (hash) url.hash = hash;
  return url.href;
}

/**
 * The app page's CSP, sent with every response of the app scheme and enforced beside the page's own meta tag: the
 * window talks to the core over the preload bridge only, so it needs no `ws:` (which `serve`'s page keeps).
 */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Only the app's own page may be shown in the window; everything else is denied (links open outside). */
export function isAppUrl(url: string): boolean {
  const target = parsed(url);
  return target !== null && isAppOrigin(target) && target.pathname === '/index.html';
}

/** The app scheme's host: the one origin every check names (Node gives non-special schemes no `origin`). */
const isAppOrigin = (url: URL) => url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;

const parsed = (url: string) => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
};

/** The only links the window may hand to the system browser: local gateway dashboards. */
export const isDashboardUrl = (url: string) => /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url);

/**
 * The app's own page may write to the clipboard (Copy URL, Copy token, Copy command: Chromium's sanitized write, never
 * read); every other permission, and any other origin, is denied.
 */
export const grantsPermission = (permission: string, origin: string | undefined): boolean =>
  permission === 'clipboard-sanitized-write' && origin !== undefined && isAppOriginUrl(origin);

const isAppOriginUrl = (url: string) => {
  const target = parsed(url);
  return target !== null && isAppOrigin(target);
};

/**
 * A URL the shell may hand to the system browser when it came from another supervisor's hello (its window): loopback
 * http(s) only, so a squatted endpoint cannot make the app open a remote page or another scheme.
 */
export function isLoopbackWebUrl(url: string): boolean {
  const target = parsed(url);
  return (
    target !== null &&
    (target.protocol === 'http:' || target.protocol === 'https:') &&
    ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname) &&
    target.username === '' &&
    target.password === ''
  );
}
