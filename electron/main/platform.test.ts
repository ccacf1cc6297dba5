import { describe, expect, it } from 'vitest';
import {
  afterWindowClosed,
  applicationMenu,
  electronUserData,
  stealsFocus,
  TRAY_TOOLTIP_MAX,
  trayTooltipFor,
  testHooksEnabled,
  TEST_HOOKS_ENV,
  trayClickOpensWindow,
  trayIconFile,
} from './platform.ts';

const roles = (menu: ReturnType<typeof applicationMenu>) => menu?.map((item) => item.role) ?? null;

describe('application menu', () => {
  it('has no DevTools in production on any OS', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(roles(applicationMenu({ platform, isPackaged: true }))).not.toContain('viewMenu');
    }
    expect(roles(applicationMenu({ platform: 'darwin', isPackaged: true }))).toEqual([
      'appMenu',
      'editMenu',
      'windowMenu',
    ]);
  });

  it('defect 2: gives the packaged window a Quit on Windows and Linux, and says the app keeps running in the tray', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const menu = applicationMenu({ platform, isPackaged: true });
      const items = menu[0]?.submenu as { role?: string; label?: string; accelerator?: string }[];
      expect(items.find((item) => item.role === 'quit')).toMatchObject({
        label: 'Quit Lobsterpot',
        accelerator: 'CmdOrCtrl+Q',
      });
      expect(items.find((item) => item.role === 'close')?.label).toMatch(/keeps running in the tray/);
      const noTray = applicationMenu({ platform, isPackaged: true }, false)[0]?.submenu as { label?: string }[];
      expect(noTray.map((item) => item.label)).toContain('Close window and quit');
    }
  });

  it('keeps reload and DevTools in development', () => {
    expect(roles(applicationMenu({ platform: 'linux', isPackaged: false }))).toEqual([
      undefined,
      'editMenu',
      'viewMenu',
    ]);
    expect(roles(applicationMenu({ platform: 'darwin', isPackaged: false }))).toContain('viewMenu');
  });
});

describe('defect 2: closing the window', () => {
  it('quits when no tray host shows the icon, and otherwise says once that Lobsterpot keeps running', () => {
    expect(afterWindowClosed(false, false)).toBe('quit');
    expect(afterWindowClosed(false, true)).toBe('quit');
    expect(afterWindowClosed(true, false)).toBe('tell');
    expect(afterWindowClosed(true, true)).toBe('nothing');
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
  it('defect 14: uses template tray images on macOS, ICO on Windows, PNG on Linux', () => {
    expect(trayIconFile('busy', 'darwin')).toBe('tray-busyTemplate.png');
    expect(trayIconFile('busy', 'linux')).toBe('tray-busy.png');
    expect(trayIconFile('failing', 'win32')).toBe('tray-failing.ico');
  });

  it('defect 14: keeps a Windows tooltip under 128 characters, and others whole', () => {
    const long = `Lobsterpot: failing\n${'alpha: crash-looping (exit 1, 5 starts that never got ready)\n'.repeat(4)}`;
    expect(trayTooltipFor('win32', long).length).toBeLessThanOrEqual(TRAY_TOOLTIP_MAX);
    expect(trayTooltipFor('win32', long).endsWith('…')).toBe(true);
    expect(trayTooltipFor('win32', 'Lobsterpot: idle')).toBe('Lobsterpot: idle');
    expect(trayTooltipFor('linux', long)).toBe(long);
  });

  it('defect 2: opens the window on a tray click on Windows and Linux (an indicator activation), not macOS', () => {
    expect(trayClickOpensWindow('win32')).toBe(true);
    expect(trayClickOpensWindow('linux')).toBe(true);
    expect(trayClickOpensWindow('darwin')).toBe(false);
  });

  it('defect 5: brings the app itself forward on macOS only', () => {
    expect(stealsFocus('darwin')).toBe(true);
    expect(stealsFocus('win32')).toBe(false);
    expect(stealsFocus('linux')).toBe(false);
  });

  it("keeps Chromium's profile out of Lobsterpot's settings and logs", () => {
    expect(electronUserData('/home/u/.config/lobsterpot')).toBe('/home/u/.config/lobsterpot/electron');
  });
});
