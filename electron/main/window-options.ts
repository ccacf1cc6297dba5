// The manager window's options: every security setting of SPEC.md in one place, asserted by a test under plain Node.
import type { BrowserWindowConstructorOptions } from 'electron';

export function managerWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Lobsterpot',
    autoHideMenuBar: true,
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
    },
  };
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
