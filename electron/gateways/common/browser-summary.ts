// A gateway's `browser status` JSON in words: is its browser usable, and if not, what to do. Pure; the window's
// browser card and the CLI's `browser` command both print it.
import { loopbackPortOf, type Footprint } from '../../ports/common/ports.ts';
import { openclawHint } from '../../openclaw/common/hint.ts';

export type BrowserTone = 'ok' | 'warn' | 'bad' | 'idle';

export interface BrowserFact {
  label: string;
  value: string;
}

export interface BrowserSummary {
  tone: BrowserTone;
  /** One line: "Browser running and ready", "Browser not running", … */
  headline: string;
  facts: BrowserFact[];
  /** The last error, in plain words; null when there is none. */
  error: string | null;
  /** What to do next, in one sentence; null when nothing is needed. */
  next: string | null;
  /** The browser verb that helps now (`openclaw browser start|stop`), when one does. */
  action: 'start' | 'stop' | null;
  /** That verb as a command to run for this profile. */
  command: string | null;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : null;

const portOf = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;

const browserNames: Record<string, string> = {
  chrome: 'Google Chrome',
  chromium: 'Chromium',
  brave: 'Brave',
  edge: 'Microsoft Edge',
  canary: 'Chrome Canary',
};

const driverNames: Record<string, string> = {
  openclaw: 'managed by OpenClaw',
  managed: 'managed by OpenClaw',
  'existing-session': 'attached to your own browser session',
  extension: 'through the Chrome extension',
};

const transportNames: Record<string, string> = {
  cdp: 'CDP',
  'chrome-mcp': 'Chrome MCP',
  extension: 'extension relay',
};

/** Where `port` sits in the profile's footprint: "base+11, the first port of the managed Chrome CDP range". */
export function cdpPlace(footprint: Footprint | null | undefined, port: number): string {
  if (!footprint || !Number.isFinite(footprint.base)) return '';
  const offset = port - footprint.base;
  const named = footprint.spans.find((s) => s.field !== undefined && s.from === port);
  if (named) return `${named.label} (${named.field})`;
  const span = footprint.spans.find((s) => port >= s.from && port <= s.to);
  if (!span) return `outside this profile's ports ${footprint.block.from}–${footprint.block.to}`;
  const at = offset === 0 ? 'base' : `base+${offset}`;
  if (span.use === 'cdp-range') {
    const nth = port - span.from + 1;
    return `${at}, ${nth === 1 ? 'the first port' : `port ${nth} of ${span.to - span.from + 1}`} of the ${span.label}`;
  }
  return `${at}, in the ${span.label} ports`;
}

const ROOT_SANDBOX =
  /Running as root without --no-sandbox|try setting browser\.noSandbox|set browser\.noSandbox to true/i;

/** A setting OpenClaw needs that Lobsterpot can set with one click, named by the error that asks for it. */
export interface SettingFix {
  /** The config key, as OpenClaw names it. */
  path: 'browser.noSandbox';
  value: true;
  /** The button's words. */
  label: string;
}

/** The setting an error asks for (Chrome refusing to run as root asks for `browser.noSandbox`); null for others. */
export function settingFixFor(error: string | null | undefined): SettingFix | null {
  if (!error || !ROOT_SANDBOX.test(error)) return null;
  return { path: 'browser.noSandbox', value: true, label: 'Set browser.noSandbox' };
}

/** The error the gateway or the CLI reported, in plain words, without the stack or the JSON around it. */
export function plainError(raw: unknown): string | null {
  const message =
    typeof raw === 'string'
      ? raw
      : raw && typeof raw === 'object' && 'message' in raw
        ? text((raw as { message: unknown }).message)
        : null;
  if (!message) return null;
  const first = (message.split('\n')[0] ?? '')
    .replace(/^browser (start|stop|status) of [^:]+:\s*/, '')
    .replace(/^(Error|TypeError|CliError):\s*/i, '')
    .trim();
  if (ROOT_SANDBOX.test(message))
    return "Chrome will not run as root with its sandbox: set browser.noSandbox to true in this profile's config.";
  const cdp = /Failed to start Chrome CDP on port (\d+)/.exec(first);
  if (cdp) return `Chrome did not start: its CDP port ${cdp[1]} never answered.`;
  if (/not reachable|ECONNREFUSED/i.test(first))
    return 'The gateway is not reachable: it is not running, or not yet ready.';
  if (/timed? ?out|timeout/i.test(first)) return 'The gateway did not answer in time.';
  if (/No supported browser|executable.*not found|Install Chrome/i.test(first))
    return 'No Chrome, Chromium, Brave or Edge was found on this machine.';
  if (/unauthori[sz]ed|scope|forbidden/i.test(first))
    return 'The gateway refused the request: the token lacks the rights.';
  return first.length > 200 ? `${first.slice(0, 197)}…` : first;
}

/**
 * `status` as the gateway returns it (`browser.request GET /` or `openclaw browser status --json`), or the error
 * shape `{ ok: false, error }`; `footprint` places the CDP port on the profile's port map.
 */
export function summarizeBrowser(
  status: Record<string, unknown>,
  options: { profile?: string; footprint?: Footprint | null } = {},
): BrowserSummary {
  const summary = summarize(status, options);
  const target = options.profile && options.profile !== 'default' ? ` --profile ${options.profile}` : '';
  return {
    ...summary,
    command: summary.action ? openclawHint(`${target.trimStart()} browser ${summary.action}`.trimStart()) : null,
  };
}

function summarize(
  status: Record<string, unknown>,
  options: { profile?: string; footprint?: Footprint | null },
): Omit<BrowserSummary, 'command'> {
  const facts: BrowserFact[] = [];
  const failed = status.ok === false || (status.error !== undefined && status.error !== null && !('enabled' in status));
  if (failed) {
    const error = plainError(status.error) ?? 'The browser status could not be read.';
    return {
      tone: 'bad',
      headline: 'Browser status unknown',
      facts,
      error,
      next: /not reachable|did not answer/.test(error)
        ? `Start ${options.profile ?? 'the gateway'} and wait until it is ready, then check again.`
        : 'Check again; if it keeps failing, read the gateway log.',
      action: null,
    };
  }
  if (status.enabled === false) {
    return {
      tone: 'idle',
      headline: 'Browser control is turned off',
      facts,
      error: null,
      next: 'Set browser.enabled to true in the profile config to let the agent use a browser.',
      action: null,
    };
  }
  const running = status.running === true || status.cdpReady === true;
  const cdpReady = status.cdpReady === true;
  const pageReady = status.pageReady === true;
  const browserKind = text(status.chosenBrowser) ?? text(status.detectedBrowser);
  const executable = text(status.executablePath) ?? text(status.detectedExecutablePath);
  const browserName = browserKind ? (browserNames[browserKind] ?? browserKind) : null;
  facts.push({
    label: 'Browser',
    value: browserName ? `${browserName}${executable ? ` (${executable})` : ''}` : 'none found',
  });
  const driver = text(status.driver);
  const transport = text(status.transport);
  const browserProfile = text(status.profile);
  facts.push({
    label: 'Driver',
    value: [
      driver ? (driverNames[driver] ?? driver) : 'unknown',
      transport ? `over ${transportNames[transport] ?? transport}` : null,
      browserProfile ? `browser profile ${browserProfile}` : null,
    ]
      .filter(Boolean)
      .join(', '),
  });
  if (typeof status.headless === 'boolean')
    facts.push({ label: 'Headless', value: status.headless ? 'yes, no window' : 'no, a visible window' });
  const cdpPort = portOf(status.cdpPort);
  // A loopback URL on the same port says nothing the port does not; a remote or other one is worth showing.
  const rawUrl = text(status.cdpUrl);
  const cdpUrl = rawUrl && cdpPort !== null && loopbackPortOf(rawUrl) === cdpPort ? null : rawUrl;
  if (cdpPort !== null || cdpUrl) {
    const place = cdpPort !== null ? cdpPlace(options.footprint, cdpPort) : '';
    facts.push({
      label: 'CDP port',
      value: [cdpPort !== null ? String(cdpPort) : null, place ? `: ${place}` : null, cdpUrl ? ` at ${cdpUrl}` : null]
        .filter(Boolean)
        .join(''),
    });
  }
  facts.push({
    label: 'Ready',
    value: running
      ? `${cdpReady ? 'CDP answers' : 'CDP does not answer'}, ${pageReady ? 'a page is open' : 'no page yet'}`
      : 'no, not running',
  });
  const pid = portOf(status.pid);
  if (pid !== null) facts.push({ label: 'Process', value: `pid ${pid}` });
  const error = plainError(status.detectError) ?? plainError(status.lastError);
  if (!browserName) {
    return {
      tone: 'bad',
      headline: 'No browser to use',
      facts,
      error: error ?? 'No Chrome, Chromium, Brave or Edge was found on this machine.',
      next: 'Install Chrome or Chromium, or set browser.executablePath in the profile config.',
      action: null,
    };
  }
  if (!running) {
    return {
      tone: 'idle',
      headline: 'Browser not running',
      facts,
      error,
      next:
        driver === 'existing-session'
          ? 'Open your browser with remote debugging on; OpenClaw attaches to it on the first browser request.'
          : 'It starts on the first browser request; start it now to check that it works.',
      action: 'start',
    };
  }
  if (!pageReady) {
    return {
      tone: 'warn',
      headline: 'Browser running, no page ready yet',
      facts,
      error,
      next: 'Wait a moment and check again; if it stays so, stop and start the browser.',
      action: 'stop',
    };
  }
  return { tone: 'ok', headline: 'Browser running and ready', facts, error, next: null, action: 'stop' };
}

/** The summary as terminal lines, for `lobsterpot browser`. */
export function browserSummaryText(summary: BrowserSummary): string {
  const rows = [
    summary.headline,
    ...summary.facts.map((f) => `  ${f.label.padEnd(10)}${f.value}`),
    ...(summary.error ? [`  ${'Error'.padEnd(10)}${summary.error}`] : []),
    ...(summary.next ? [`  ${'Next'.padEnd(10)}${summary.next}`] : []),
    ...(summary.command ? [`  ${'Run'.padEnd(10)}${summary.command}`] : []),
  ];
  return rows.join('\n');
}
