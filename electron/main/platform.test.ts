import { describe, expect, it } from 'vitest';
import {
  applicationMenu,
  electronUserData,
  testHooksEnabled,
  TEST_HOOKS_ENV,
  trayClickOpensWindow,
  trayIconFile,
} from './platform.ts';

const roles = (menu: ReturnType<typeof applicationMenu>) => menu?.map((item) => item.role) ?? null;

describe('application menu', () => {
  it('has no DevTools in production on any OS', () => {
    expect(applicationMenu({ platform: 'linux', isPackaged: true })).toBeNull();
    expect(applicationMenu({ platform: 'win32', isPackaged: true })).toBeNull();
    expect(roles(applicationMenu({ platform: 'darwin', isPackaged: true }))).toEqual([
      'appMenu',
      'editMenu',
      'windowMenu',
    ]);
  });

  it('keeps reload and DevTools in development', () => {
    expect(roles(applicationMenu({ platform: 'linux', isPackaged: false }))).toEqual(['editMenu', 'viewMenu']);
    expect(roles(applicationMenu({ platform: 'darwin', isPackaged: false }))).toContain('viewMenu');
  });
});

describe('test hooks', () => {
  it('exist only in a development run that asks for them', () => {
    expect(testHooksEnabled({ platform: 'linux', isPackaged: false }, { [TEST_HOOKS_ENV]: '1' })).toBe(true);
    expect(testHooksEnabled({ platform: 'linux', isPackaged: false }, {})).toBe(false);
    expect(testHooksEnabled({ platform: 'linux', isPackaged: true }, { [TEST_HOOKS_ENV]: '1' })).toBe(false);
  });
});

describe('per OS', () => {
  it('uses template tray images on macOS only', () => {
    expect(trayIconFile('busy', 'darwin')).toBe('tray-busyTemplate.png');
    expect(trayIconFile('busy', 'linux')).toBe('tray-busy.png');
    expect(trayIconFile('failing', 'win32')).toBe('tray-failing.png');
  });

  it('opens the window on a tray click on Windows only', () => {
    expect(trayClickOpensWindow('win32')).toBe(true);
    expect(trayClickOpensWindow('darwin')).toBe(false);
    expect(trayClickOpensWindow('linux')).toBe(false);
  });

  it("keeps Chromium's profile out of Lobsterpot's settings and logs", () => {
    expect(electronUserData('/home/u/.config/lobsterpot')).toBe('/home/u/.config/lobsterpot/electron');
  });
});
