import { describe, expect, it } from 'vitest';
import {
  dashboardUrl,
  grantsPermission,
  isAppUrl,
  isDashboardUrl,
  managerWindowOptions,
  rendererUrl,
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

  it('lets the window show only its own page', () => {
    const app = 'file:///opt/lobsterpot/out/renderer/index.html';
    expect(isAppUrl('file:///opt/lobsterpot/out/renderer/index.html#x', app)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', app)).toBe(false);
    expect(isAppUrl('https://evil.example/', app)).toBe(false);
    expect(isAppUrl('not a url', app)).toBe(false);
  });

  it('builds its page URL from the path, escaping what a string concatenation would not', () => {
    expect(rendererUrl('/opt/Lobster Pot/#1/renderer/index.html')).toBe(
      'file:///opt/Lobster%20Pot/%231/renderer/index.html',
    );
    expect(rendererUrl('/opt/lobsterpot/index.html', 'logs/alpha')).toBe(
      'file:///opt/lobsterpot/index.html#logs/alpha',
    );
    const app = rendererUrl('/opt/Lobster Pot/index.html');
    expect(isAppUrl(rendererUrl('/opt/Lobster Pot/index.html', 'logs/alpha'), app)).toBe(true);
  });

  it('grants the page no permission', () => {
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'unknown']) {
      expect(grantsPermission(permission)).toBe(false);
    }
  });
});

describe('links out of the window', () => {
  it('opens only local gateway dashboards', () => {
    expect(isDashboardUrl(dashboardUrl(40000))).toBe(true);
    expect(isDashboardUrl('http://localhost:18789/chat')).toBe(true);
    expect(isDashboardUrl('https://evil.example/')).toBe(false);
    expect(isDashboardUrl('http://127.0.0.1.evil.example/')).toBe(false);
    expect(isDashboardUrl('file:///etc/passwd')).toBe(false);
  });
});
