import { describe, expect, it } from 'vitest';
import { isAppUrl, managerWindowOptions } from './window-options.ts';

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
