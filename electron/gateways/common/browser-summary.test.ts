import { describe, expect, it } from 'vitest';
import { browserSummaryText, cdpPlace, plainError, settingFixFor, summarizeBrowser } from './browser-summary.ts';
import { footprintOf, type PortProfile } from '../../ports/common/ports.ts';

const alpha: PortProfile = {
  name: 'alpha',
  port: 20000,
  stateDir: '/h/.openclaw-alpha',
  configPath: '/h/.openclaw-alpha/openclaw.json',
  workspace: null,
  cdpPorts: [{ browserProfile: 'work', port: 9333 }],
};
const footprint = footprintOf(alpha);

// What OpenClaw 2026.9.6 answers for its managed browser, running headless.
const running = {
  enabled: true,
  profile: 'openclaw',
  driver: 'openclaw',
  transport: 'cdp',
  running: true,
  cdpReady: true,
  cdpHttp: true,
  pageReady: true,
  pid: 4242,
  cdpPort: 20011,
  cdpUrl: 'http://127.0.0.1:20011',
  chosenBrowser: 'chromium',
  detectedBrowser: 'chromium',
  detectedExecutablePath: '/usr/bin/chromium',
  detectError: null,
  headless: true,
};

describe('summarizeBrowser', () => {
  it('a running, ready browser: which browser and driver, headless, where its CDP port sits, nothing to do', () => {
    const summary = summarizeBrowser(running, { profile: 'alpha', footprint });
    expect(summary).toMatchObject({ tone: 'ok', headline: 'Browser running and ready', error: null, next: null });
    expect(Object.fromEntries(summary.facts.map((f) => [f.label, f.value]))).toEqual({
      Browser: 'Chromium (/usr/bin/chromium)',
      Driver: 'managed by OpenClaw, over CDP, browser profile openclaw',
      Headless: 'yes, no window',
      'CDP port': '20011: base+11, the first port of the managed Chrome CDP range',
      Ready: 'CDP answers, a page is open',
      Process: 'pid 4242',
    });
    expect(summary.command).toBe('lobsterpot openclaw --profile alpha browser stop');
  });

  it('not running yet: says it starts on the first request and offers the start verb', () => {
    const summary = summarizeBrowser(
      {
        ...running,
        running: false,
        cdpReady: false,
        pageReady: false,
        pid: null,
        chosenBrowser: null,
        headless: false,
      },
      { profile: 'default', footprint },
    );
    expect(summary).toMatchObject({ tone: 'idle', headline: 'Browser not running', action: 'start' });
    expect(summary.next).toMatch(/first browser request/);
    expect(summary.command).toBe('lobsterpot openclaw browser start');
    expect(summary.facts.find((f) => f.label === 'Ready')?.value).toBe('no, not running');
    expect(summary.facts.find((f) => f.label === 'Headless')?.value).toBe('no, a visible window');
  });

  it('the gateway down: the error in plain words and what to do, without JSON', () => {
    const summary = summarizeBrowser(
      {
        ok: false,
        error: { type: 'cli_error', message: 'Gateway not reachable at ws://127.0.0.1:20000 (ECONNREFUSED)\n  at x' },
      },
      { profile: 'alpha' },
    );
    expect(summary).toMatchObject({
      tone: 'bad',
      error: 'The gateway is not reachable: it is not running, or not yet ready.',
      next: 'Start alpha and wait until it is ready, then check again.',
      command: null,
    });
  });

  it('shows a CDP URL only when it says more than the port', () => {
    const remote = summarizeBrowser({ ...running, cdpPort: 9222, cdpUrl: 'http://10.0.0.5:9222' }, { footprint });
    expect(remote.facts.find((f) => f.label === 'CDP port')?.value).toBe(
      "9222: outside this profile's ports 20000–20110 at http://10.0.0.5:9222",
    );
  });

  it('no browser installed, and browser control turned off', () => {
    const none = summarizeBrowser({
      ...running,
      running: false,
      cdpReady: false,
      chosenBrowser: null,
      detectedBrowser: null,
      detectedExecutablePath: null,
      detectError: 'Error: No supported browser found',
    });
    expect(none).toMatchObject({ tone: 'bad', headline: 'No browser to use' });
    expect(none.error).toBe('No Chrome, Chromium, Brave or Edge was found on this machine.');
    expect(summarizeBrowser({ enabled: false })).toMatchObject({ tone: 'idle', action: null });
  });

  it('prints as lines for the terminal', () => {
    const lines = browserSummaryText(summarizeBrowser(running, { profile: 'alpha', footprint })).split('\n');
    expect(lines[0]).toBe('Browser running and ready');
    expect(lines).toContain('  Headless  yes, no window');
    expect(lines.at(-1)).toBe('  Run       lobsterpot openclaw --profile alpha browser stop');
  });
});

describe('cdpPlace', () => {
  it('names the part of the footprint, an explicit cdpPort, or says it lies outside', () => {
    expect(cdpPlace(footprint, 20050)).toBe('base+50, port 40 of 100 of the managed Chrome CDP range');
    expect(cdpPlace(footprint, 20002)).toBe('base+2, in the browser control ports');
    expect(cdpPlace(footprint, 9333)).toBe('CDP of browser profile work (browser.profiles.work.cdpPort)');
    expect(cdpPlace(footprint, 30000)).toBe("outside this profile's ports 20000–20110");
    expect(cdpPlace(null, 20011)).toBe('');
  });
});

describe('settingFixFor', () => {
  it('offers browser.noSandbox where Chrome refuses to run as root, from OpenClaw’s words or the card’s', () => {
    const said =
      'browser start of alpha: Error: Failed to start Chrome CDP on port 31191 for profile "openclaw". Hint: If running in a container or as root, try setting browser.noSandbox: true.';
    const fix = { path: 'browser.noSandbox', value: true, label: 'Set browser.noSandbox' };
    expect(settingFixFor(said)).toEqual(fix);
    expect(settingFixFor(plainError(said))).toEqual(fix);
    expect(settingFixFor('Running as root without --no-sandbox is not supported.')).toEqual(fix);
    expect(settingFixFor('The gateway did not answer in time.')).toBeNull();
    expect(settingFixFor(null)).toBeNull();
  });
});

describe('plainError', () => {
  it('keeps the first line, drops the error class, shortens what is long', () => {
    expect(plainError('TypeError: boom\n at stack')).toBe('boom');
    expect(plainError({ message: 'request timed out after 15000 ms' })).toBe('The gateway did not answer in time.');
    expect(plainError(null)).toBeNull();
    expect(plainError('x'.repeat(300))).toHaveLength(198);
    expect(
      plainError(
        'browser start of alpha: Error: Failed to start Chrome CDP on port 31191 for profile "openclaw". Hint: If running in a container or as root, try setting browser.noSandbox: true.',
      ),
    ).toBe("Chrome will not run as root with its sandbox: set browser.noSandbox to true in this profile's config.");
    expect(plainError('browser start of alpha: Error: Failed to start Chrome CDP on port 31191 for profile x')).toBe(
      'Chrome did not start: its CDP port 31191 never answered.',
    );
  });
});
