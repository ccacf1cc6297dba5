import { describe, expect, it } from 'vitest';
import { hasTrayHost, WATCHER, type RunCommand } from './tray-host.ts';

const answers =
  (byCommand: Record<string, string | null>): RunCommand =>
  async (command, args) => {
    expect(args.join(' ')).toContain(WATCHER);
    return byCommand[command] ?? null;
  };
const gnome = { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME', XDG_SESSION_TYPE: 'wayland' };

describe('defect 2: is there a tray host', () => {
  it('says no on GNOME when the session bus has no StatusNotifierWatcher (no AppIndicator extension)', async () => {
    expect(await hasTrayHost('linux', gnome, answers({ gdbus: '(false,)\n' }))).toBe(false);
    expect(await hasTrayHost('linux', gnome, answers({ 'dbus-send': 'method return …\n   boolean false\n' }))).toBe(
      false,
    );
  });

  it('says yes when the watcher runs (the extension, KDE, …)', async () => {
    expect(await hasTrayHost('linux', gnome, answers({ gdbus: '(true,)\n' }))).toBe(true);
  });

  it('assumes a tray where it cannot tell, or where an older (XEmbed) tray may show the icon', async () => {
    expect(await hasTrayHost('linux', gnome, answers({}))).toBe(true);
    expect(await hasTrayHost('linux', { XDG_CURRENT_DESKTOP: 'XFCE' }, answers({ gdbus: '(false,)' }))).toBe(true);
    expect(await hasTrayHost('win32', gnome, answers({ gdbus: '(false,)' }))).toBe(true);
    expect(await hasTrayHost('darwin', gnome, answers({ gdbus: '(false,)' }))).toBe(true);
  });
});
