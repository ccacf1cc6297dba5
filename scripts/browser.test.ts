import { describe, expect, it } from 'vitest';
import { planBrowser, type BrowserFacts } from './browser.ts';

const bare: BrowserFacts = {
  platform: 'linux',
  chromiumPath: null,
  playwrightChromium: null,
  systemChromium: null,
  display: false,
  electron: false,
  isRoot: true,
  hasAptGet: true,
};

describe("the end-to-end tests' browser", () => {
  it('npm test fails where Chromium is not already installed: as root with apt-get it installs Debian’s chromium and xvfb', () => {
    expect(planBrowser(bare)).toEqual({
      action: 'install',
      command: 'apt-get',
      args: [
        ['update', '-qq'],
        ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'xvfb', 'xauth'],
      ],
      packages: ['chromium', 'xvfb', 'xauth'],
      then: '/usr/bin/chromium',
    });
    expect(planBrowser({ ...bare, systemChromium: '/usr/bin/chromium' })).toMatchObject({
      action: 'install',
      packages: ['xvfb', 'xauth'],
    });
  });

  it('uses what is there: CHROMIUM_PATH, then Playwright’s own Chromium, then the one on PATH', () => {
    const all = {
      ...bare,
      display: true,
      chromiumPath: '/opt/c',
      playwrightChromium: '/pw/chrome',
      systemChromium: '/usr/bin/chromium',
    };
    expect(planBrowser(all)).toEqual({ action: 'use', chromium: '/opt/c' });
    expect(planBrowser({ ...all, chromiumPath: null })).toEqual({ action: 'use', chromium: '/pw/chrome' });
    expect(planBrowser({ ...all, chromiumPath: null, playwrightChromium: null })).toEqual({
      action: 'use',
      chromium: '/usr/bin/chromium',
    });
    // No display is needed when there is no Electron binary to open windows: Chromium runs headless.
    expect(planBrowser({ ...all, display: false, isRoot: false })).toEqual({ action: 'use', chromium: '/opt/c' });
  });

  it('elsewhere stops at once with one line that says what to install', () => {
    const user = planBrowser({ ...bare, isRoot: false });
    expect(user).toEqual({
      action: 'stop',
      message:
        "The end-to-end tests need Chromium and Xvfb (Debian, as root: `apt-get install -y chromium xvfb xauth`), or Playwright's (`npx playwright install chromium`), or set CHROMIUM_PATH.",
    });
    const mac = planBrowser({ ...bare, platform: 'darwin', display: true, hasAptGet: false });
    expect(mac).toMatchObject({
      action: 'stop',
      message: expect.stringMatching(/^The end-to-end tests need Playwright's Chromium/),
    });
    const noXvfb = planBrowser({ ...bare, isRoot: false, systemChromium: '/usr/bin/chromium', electron: true });
    expect(noXvfb).toMatchObject({
      action: 'stop',
      message: expect.stringMatching(/Xvfb .* for the Electron end-to-end tests\.$/),
    });
    for (const plan of [user, mac, noXvfb]) expect(plan.action === 'stop' && plan.message.includes('\n')).toBe(false);
  });
});
