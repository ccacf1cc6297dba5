// Row 6: the window. The gzipped size of the built renderer, and how long Debian's Chromium takes from navigation to
// a table of 200 profiles, served by `serve` from a HOME with 200 profiles.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { Manager } from '../electron/supervisor/node/manager.ts';
import { DEFAULT_RENDERER_DIR, startServer } from '../electron/serve/server.ts';
import { median, ms, times, verdict, type Section } from './lib.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function bundleBytes(): { raw: number; gzip: number; files: number } {
  const assets = join(DEFAULT_RENDERER_DIR, 'assets');
  let raw = 0;
  let gzip = 0;
  let files = 0;
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const bytes = readFileSync(join(assets, name));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
    files++;
  }
  const html = readFileSync(join(DEFAULT_RENDERER_DIR, 'index.html'));
  return { raw: raw + html.length, gzip: gzip + gzipSync(html).length, files: files + 1 };
}

/** A HOME with `count` profiles whose configs say what `onboard` writes (mode, port, bind, auth); no gateway runs. */
function homeWith(count: number): { root: string; home: string; dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'lp-bench-window-'));
  const home = join(root, 'home');
  const dataDir = join(root, 'lobsterpot');
  // No gateway runs: the ports only have to be valid and apart.
  const base = 20_000;
  for (let i = 0; i < count; i++) {
    const stateDir = join(home, `.openclaw-bot${String(i).padStart(3, '0')}`);
    mkdirSync(join(stateDir, 'workspace'), { recursive: true });
    const config = {
      gateway: { mode: 'local', port: base + i * 120, bind: 'loopback', auth: { mode: 'token', token: `t${i}` } },
      agents: { defaults: { workspace: join(stateDir, 'workspace') } },
    };
    writeFileSync(join(stateDir, 'openclaw.json'), JSON.stringify(config, null, 2));
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ basePortStart: base }));
  return { root, home, dataDir };
}

/** Median ms from navigation start until the table shows `count` rows, over `runs` fresh pages. */
async function firstRender(count: number, runs: number): Promise<number> {
  const { root, home, dataDir } = homeWith(count);
  const manager = await Manager.open({
    place: { home, dataDir, env: { ...process.env, HOME: home } },
    face: { watch: true },
  });
  const server = await startServer(manager, {});
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const samples: number[] = [];
    for (let run = 0; run < runs + 1; run++) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 860 } });
      const page = await context.newPage();
      await page.goto(server.url, { waitUntil: 'commit' });
      // Runs in the page (this file is type-checked without the DOM, hence the narrow type of `document`).
      const renderedAt = await page.waitForFunction(
        (want: number) => {
          const { document } = globalThis as unknown as {
            document: { querySelectorAll(s: string): ArrayLike<unknown> };
          };
          return document.querySelectorAll('tr[data-profile]').length >= want ? performance.now() : null;
        },
        count,
        { polling: 'raf', timeout: 30_000 },
      );
      // The first page load of a fresh Chromium pays for its caches: not counted.
      if (run > 0) samples.push((await renderedAt.jsonValue()) as number);
      await context.close();
    }
    return median(samples);
  } finally {
    await browser.close();
    await server.close();
    await manager.close({ leave: true });
    rmSync(root, { recursive: true, force: true });
  }
}

export async function benchWindow(log: (line: string) => void): Promise<Section & { chromium: string }> {
  const bundle = bundleBytes();
  log(
    `  bundle: ${(bundle.raw / 1024).toFixed(1)} kB, ${(bundle.gzip / 1024).toFixed(1)} kB gzipped (${bundle.files} files)`,
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const version = browser.version();
  await browser.close();
  const one = await firstRender(1, 5);
  const many = await firstRender(200, 5);
  log(`  first render: 1 profile ${ms(one)}, 200 profiles ${ms(many)}`);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  return {
    chromium: version,
    title: '6. The window',
    rows: [
      {
        measure: 'Renderer bundle (JS + CSS + HTML), gzipped (raw)',
        lobsterpot: `${kb(bundle.gzip)} (${kb(bundle.raw)})`,
        naive: '',
        ratio: '',
        target: verdict(bundle.gzip < 250 * 1024, 'under 250 kB gzipped'),
      },
      {
        measure: 'First render of 200 profiles in Chromium (vs 1 profile)',
        lobsterpot: ms(many),
        naive: `${ms(one)} with 1 profile`,
        ratio: `${times(many / one)} the time for 200× the rows`,
      },
    ],
    notes: [
      `Time to first render = \`performance.now()\` in the page when the table first holds every profile's row, from navigation start (the token URL, its redirect, the bundle, the WebSocket snapshot), median of 5 fresh pages after one warm-up, Chromium ${version} headless. The 200 profiles are configs on disk with no gateway running, served by \`startServer\` in the bench process.`,
    ],
  };
}
