import { describe, expect, it } from 'vitest';
import { controlUiUrl } from '../openclaw/common/control-ui.ts';
import {
  APP_CSP,
  APP_SCHEME_PRIVILEGES,
  appPageUrl,
  grantsPermission,
  isAppUrl,
  isDashboardUrl,
  isLoopbackWebUrl,
  managerWindowOptions,
} from './window-options.ts';

describe('manager window', () => {
  it('is isolated and sandboxed, without Node in the page, and without DevTools unless asked', () => {
    expect(managerWindowOptions('/app/preload.cjs').webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(managerWindowOptions('/app/preload.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it("paints the theme's background before the page does, and allows the narrow layout", () => {
    const dark = managerWindowOptions('/app/preload.cjs', { devTools: false, dark: true });
    expect(dark.backgroundColor).toBe('#161413');
    expect(managerWindowOptions('/app/preload.cjs').backgroundColor).toBe('#fbfaf9');
    expect(dark.minWidth).toBeLessThanOrEqual(420);
  });

  it('lets the window show only its own page, from the app scheme', () => {
    expect(isAppUrl(appPageUrl())).toBe(true);
    expect(isAppUrl(appPageUrl('logs/alpha'))).toBe(true);
    expect(isAppUrl('app://lobsterpot/index.html?x=1#y')).toBe(true);
    expect(isAppUrl('app://lobsterpot/other.html')).toBe(false);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///opt/lobsterpot/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('https://evil.example/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('defect 9: the page is served from a privileged scheme of its own, with a CSP that has no ws://', () => {
    expect(appPageUrl()).toBe('app://lobsterpot/index.html');
    expect(appPageUrl('logs/a b')).toBe('app://lobsterpot/index.html#logs/a%20b');
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    expect(APP_CSP).not.toMatch(/ws:/);
    expect(APP_CSP).toMatch(/connect-src 'self';/);
    expect(APP_CSP).toMatch(/object-src 'none'/);
  });

  it('defect 7: lets only its own page write to the clipboard, and grants nothing else', () => {
    expect(grantsPermission('clipboard-sanitized-write', 'app://lobsterpot/')).toBe(true);
    expect(grantsPermission('clipboard-sanitized-write', 'app://lobsterpot/index.html#logs/alpha')).toBe(true);
    expect(grantsPermission('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(grantsPermission('clipboard-sanitized-write', undefined)).toBe(false);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'unknown']) {
      expect(grantsPermission(permission, 'app://lobsterpot/')).toBe(false);
    }
  });
});

describe('links out of the window', () => {
  it("defect 8: opens another supervisor's window only on loopback http(s)", () => {
    expect(isLoopbackWebUrl('http://127.0.0.1:41234/?token=abc')).toBe(true);
    expect(isLoopbackWebUrl('http://localhost:41234/')).toBe(true);
    expect(isLoopbackWebUrl('http://[::1]:41234/')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1.evil.example/',
      'file:///etc/passwd',
      'smb://127.0.0.1/share',
      'javascript:alert(1)',
      'http://user:pw@127.0.0.1/',
      'not a url',
    ]) {
      expect(isLoopbackWebUrl(url), url).toBe(false);
    }
  });

  it('opens only local gateway dashboards', () => {
    expect(isDashboardUrl(controlUiUrl(40000))).toBe(true);
    expect(isDashboardUrl('http://localhost:18789/chat')).toBe(true);
    expect(isDashboardUrl('https://evil.example/')).toBe(false);
    expect(isDashboardUrl('http://127.0.0.1.evil.example/')).toBe(false);
    expect(isDashboardUrl('file:///etc/passwd')).toBe(false);
  });
});
