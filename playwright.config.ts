import { defineConfig } from '@playwright/test';
import { resolveChromium } from './scripts/browser.ts';

// CHROMIUM_PATH, Playwright's own Chromium, or the one on PATH (Debian's): `npm run setup:browser` made sure of one.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  timeout: 300_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [
    {
      name: 'browser',
      testMatch: /(serve|peer|hosts|hosts-ssh|window)\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: resolveChromium(), args: chromiumArgs },
        viewport: { width: 1200, height: 860 },
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});
