// The manager window's options and the rules of what it may show: every security setting in one place, asserted by a
// test under plain Node.
import type { BrowserWindowConstructorOptions } from 'electron';
import { pathToFileURL } from 'node:url';

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
    autoHideMenuBar: true,
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

/** The window's page as a file URL (spaces, `#` and non-ASCII in the install path escaped), with an optional hash. */
export function rendererUrl(indexHtml: string, hash?: string): string {
  const url = pathToFileURL(indexHtml);
  if (hash) url.hash = hash;
  return url.href;
}

/** Only the app's own page may be shown in the window; everything else is denied (links open outside). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname;
  } catch {
    return false;
  }
}

/** A gateway's own Control UI, on loopback. */
export const dashboardUrl = (port: number) => `http://127.0.0.1:${port}/`;

/** The only links the window may hand to the system browser: local gateway dashboards. */
export const isDashboardUrl = (url: string) => /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url);

/** The page asks for no permission (camera, notifications, clipboard…): every request and check is denied. */
export const grantsPermission = (_permission: string): boolean => false;
