import { describe, expect, it } from 'vitest';
import { dashboardUrl, isAppUrl, isDashboardUrl, managerWindowOptions } from './window-options.ts';

describe('manager window', () => {
  it('is isolated and sandboxed, without Node in the page', () => {
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
    });
  });

  it('lets the window show only its own page', () => {
    const app = 'file:///opt/lobsterpot/out/renderer/index.html';
    expect(isAppUrl('file:///opt/lobsterpot/out/renderer/index.html#x', app)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', app)).toBe(false);
    expect(isAppUrl('https://evil.example/', app)).toBe(false);
    expect(isAppUrl('not a url', app)).toBe(false);
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
