import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntry, setLinuxAutostart } from './autostart.ts';

describe('Linux autostart file', () => {
  it('runs the executable, or $APPIMAGE when packaged as one', () => {
    expect(autostartEntry({ executable: '/opt/Lobsterpot/lobsterpot' })).toBe(
      '[Desktop Entry]\nType=Application\nName=Lobsterpot\nComment=Runs your OpenClaw gateways side by side\nExec=/opt/Lobsterpot/lobsterpot --autostart\nIcon=lobsterpot-app\nTerminal=false\nX-GNOME-Autostart-enabled=true\n',
    );
    expect(
      autostartEntry({ executable: '/tmp/.mount_x/lobsterpot', appImage: '/home/u/Apps/Lobster Pot.AppImage' }),
    ).toContain('Exec="/home/u/Apps/Lobster Pot.AppImage" --autostart');
  });

  it('quotes an argument with spaces, as a development entry running `electron <app path>` needs', () => {
    expect(
      autostartEntry({ executable: '/w/node_modules/electron/dist/electron', args: ['/w/My App', '--autostart'] }),
    ).toContain('Exec=/w/node_modules/electron/dist/electron "/w/My App" --autostart');
  });

  it('is written and removed under XDG_CONFIG_HOME', async () => {
    const config = mkdtempSync(join(tmpdir(), 'lp-xdg-'));
    const file = await setLinuxAutostart(true, { executable: '/usr/bin/lobsterpot', env: { XDG_CONFIG_HOME: config } });
    expect(file).toBe(join(config, 'autostart', 'lobsterpot.desktop'));
    expect(readFileSync(file, 'utf8')).toContain('Exec=/usr/bin/lobsterpot --autostart');
    await setLinuxAutostart(false, { executable: '/usr/bin/lobsterpot', env: { XDG_CONFIG_HOME: config } });
    expect(existsSync(file)).toBe(false);
  });
});
