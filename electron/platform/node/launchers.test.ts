import { describe, expect, it } from 'vitest';
import { launcherWarnings } from '../common/launchers.ts';
import { detachLingerWarning, findLaunchers, type LauncherOS, type Run } from './launchers.ts';

/** A fake machine: the files that exist, and what each command prints (null: it failed or is missing). */
function fakeOS(platform: string, files: string[], outputs: Record<string, string | null> = {}, appData?: string) {
  const calls: string[] = [];
  const run: Run = async (command, args) => {
    const line = [command, ...args].join(' ');
    calls.push(line);
    return outputs[line] ?? null;
  };
  const os: LauncherOS = {
    platform,
    home: platform === 'win32' ? 'C:\\Users\\ann' : platform === 'darwin' ? '/Users/ann' : '/home/ann',
    appData: appData ?? null,
    exists: (path) => files.includes(path),
    run,
  };
  return { os, calls };
}

describe('competing launchers', () => {
  it('Linux: the user unit, a legacy openclaw-<profile> unit and a system unit, each with its fix; a disabled user unit is none', async () => {
    const { os } = fakeOS(
      'linux',
      [
        '/home/ann/.config/systemd/user/openclaw-gateway-work.service',
        '/home/ann/.config/systemd/user/openclaw-work.service',
        '/etc/systemd/system/openclaw-gateway-work.service',
        '/lib/systemd/system/openclaw-gateway-work.service',
      ],
      {
        'systemctl --user is-enabled openclaw-gateway-work.service': 'enabled\n',
        'systemctl --user is-enabled openclaw-work.service': 'enabled\n',
        'systemctl is-enabled openclaw-gateway-work.service': 'enabled\n',
      },
    );
    const found = await findLaunchers('work', os);
    expect(found.map((f) => [f.kind, f.name, f.legacy, f.enabled])).toEqual([
      ['systemd-user', 'openclaw-gateway-work.service', false, 'enabled'],
      ['systemd-system', 'openclaw-gateway-work.service', false, 'enabled'],
      ['systemd-user', 'openclaw-work.service', true, 'enabled'],
    ]);
    const warnings = launcherWarnings('work', found);
    expect(warnings.map((w) => w.message)).toEqual([
      "a systemd user unit would also start work's gateway: openclaw-gateway-work.service, enabled (/home/ann/.config/systemd/user/openclaw-gateway-work.service)",
      "a systemd system unit would also start work's gateway: openclaw-gateway-work.service, enabled (/etc/systemd/system/openclaw-gateway-work.service)",
      "a systemd user unit would also start work's gateway: openclaw-work.service (a legacy name), enabled (/home/ann/.config/systemd/user/openclaw-work.service)",
    ]);
    expect(warnings[0]?.fix).toContain('`lobsterpot openclaw --profile work gateway uninstall`');
    expect(warnings[1]?.fix).toContain('sudo systemctl disable --now openclaw-gateway-work.service');
    expect(warnings[2]?.fix).toContain('systemctl --user disable --now openclaw-work.service');

    const disabled = fakeOS('linux', ['/home/ann/.config/systemd/user/openclaw-gateway-work.service'], {
      'systemctl --user is-enabled openclaw-gateway-work.service': 'disabled\n',
    });
    expect(launcherWarnings('work', await findLaunchers('work', disabled.os))).toEqual([]);
  });

  it('Linux, the default profile: openclaw-gateway.service and the old clawdbot/moltbot names', async () => {
    const { os } = fakeOS('linux', [
      '/home/ann/.config/systemd/user/openclaw-gateway.service',
      '/home/ann/.config/systemd/user/clawdbot-gateway.service',
    ]);
    const found = await findLaunchers('default', os);
    expect(found.map((f) => [f.name, f.legacy])).toEqual([
      ['openclaw-gateway.service', false],
      ['clawdbot-gateway.service', true],
    ]);
    expect(launcherWarnings('default', found)[0]?.fix).toContain('`lobsterpot openclaw gateway uninstall`');
  });

  it("macOS: the app's ai.openclaw.<profile> LaunchAgent", async () => {
    const { os } = fakeOS('darwin', ['/Users/ann/Library/LaunchAgents/ai.openclaw.work.plist']);
    const warnings = launcherWarnings('work', await findLaunchers('work', os));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('a LaunchAgent');
    expect(warnings[0]?.fix).toContain('launchctl bootout gui/$(id -u)/ai.openclaw.work');
  });

  it('Windows: a Scheduled Task and the Startup-folder entry OpenClaw falls back to, both', async () => {
    const appData = 'C:\\Users\\ann\\AppData\\Roaming';
    const startup = `${appData}\\Microsoft\\Windows\\Start Menu\\Programs\\Startup`;
    const { os, calls } = fakeOS(
      'win32',
      [`${startup}\\OpenClaw Gateway (work).cmd`],
      {
        'schtasks /Query /TN OpenClaw Gateway (work) /FO LIST':
          'Folder: \\\r\nHostName: ANN\r\nTaskName: \\OpenClaw Gateway (work)\r\nStatus: Ready\r\n',
      },
      appData,
    );
    const found = await findLaunchers('work', os);
    expect(calls).toEqual(['schtasks /Query /TN OpenClaw Gateway (work) /FO LIST']);
    expect(found.map((f) => [f.kind, f.name])).toEqual([
      ['schtasks', 'OpenClaw Gateway (work)'],
      ['startup-folder', 'OpenClaw Gateway (work).cmd'],
    ]);
    const fixes = launcherWarnings('work', found).map((w) => w.fix);
    expect(fixes[0]).toContain('schtasks /Delete /TN "OpenClaw Gateway (work)" /F');
    expect(fixes[1]).toContain(`Delete ${startup}\\OpenClaw Gateway (work).cmd`);
  });

  it('finds nothing where nothing is installed', async () => {
    for (const platform of ['linux', 'darwin', 'win32'])
      expect(await findLaunchers('work', fakeOS(platform, []).os)).toEqual([]);
  });
});

describe('linger before serve --detach over ssh', () => {
  const ssh = { SSH_CONNECTION: '192.0.2.9 50000 192.0.2.2 22', USER: 'ann' };
  const loginctl = 'loginctl show-user ann --property=Linger --value';

  it('warns with the fix when linger is off for the user of an ssh session', async () => {
    const warning = await detachLingerWarning(ssh, fakeOS('linux', [], { [loginctl]: 'no\n' }).os);
    expect(warning).toMatch(/^linger is off for ann: .* Run `loginctl enable-linger ann` once/);
  });

  it('says nothing with linger on, outside ssh, when loginctl cannot tell, or off Linux', async () => {
    expect(await detachLingerWarning(ssh, fakeOS('linux', [], { [loginctl]: 'yes\n' }).os)).toBeNull();
    expect(await detachLingerWarning({ USER: 'ann' }, fakeOS('linux', [], { [loginctl]: 'no\n' }).os)).toBeNull();
    expect(await detachLingerWarning(ssh, fakeOS('linux', []).os)).toBeNull();
    expect(await detachLingerWarning(ssh, fakeOS('darwin', [], { [loginctl]: 'no\n' }).os)).toBeNull();
  });
});
