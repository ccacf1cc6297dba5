// Which Chromium the end-to-end tests drive, and what to do when there is none: a pure decision over the facts of the
// machine (setup-browser.ts gathers them and acts; playwright.config.ts asks resolveChromium for the same answer).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import type * as PlaywrightCore from 'playwright-core';

export interface BrowserFacts {
  platform: NodeJS.Platform;
  /** `CHROMIUM_PATH`, when set. */
  chromiumPath: string | null;
  /** Playwright's own Chromium, when it was downloaded (`npx playwright install chromium`). */
  playwrightChromium: string | null;
  /** `chromium` (or `chromium-browser`) found on PATH. */
  systemChromium: string | null;
  /** A display to open windows on: `DISPLAY` is set or Xvfb is installed (always true off Linux). */
  display: boolean;
  /** Electron's binary is installed, so the Electron project opens windows (Chromium itself runs headless). */
  electron: boolean;
  isRoot: boolean;
  hasAptGet: boolean;
}

export type BrowserPlan =
  | { action: 'use'; chromium: string }
  | { action: 'install'; command: string; args: string[][]; packages: string[]; then: string }
  | { action: 'stop'; message: string };

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The browser to use, the apt-get run that provides it, or the one line that says what to install. */
export function planBrowser(facts: BrowserFacts): BrowserPlan {
  const chromium = facts.chromiumPath ?? facts.playwrightChromium ?? facts.systemChromium;
  const packages = [...(chromium ? [] : ['chromium']), ...(facts.display ? [] : ['xvfb', 'xauth'])];
  if (packages.length && facts.platform === 'linux' && facts.isRoot && facts.hasAptGet) {
    return {
      action: 'install',
      command: 'apt-get',
      args: [
        ['update', '-qq'],
        ['install', '-y', '-qq', '--no-install-recommends', ...packages],
      ],
      packages,
      then: chromium ?? DEBIAN_CHROMIUM,
    };
  }
  if (chromium && (facts.display || !facts.electron)) return { action: 'use', chromium };
  const what = chromium
    ? 'Xvfb (Debian: `apt-get install -y xvfb xauth`) for the Electron end-to-end tests'
    : facts.platform === 'linux'
      ? `Chromium${facts.display ? '' : ' and Xvfb'} (Debian, as root: \`apt-get install -y chromium${facts.display ? '' : ' xvfb xauth'}\`), or Playwright's (\`npx playwright install chromium\`), or set CHROMIUM_PATH`
      : "Playwright's Chromium (`npx playwright install chromium`), or set CHROMIUM_PATH to a Chromium or Chrome";
  return { action: 'stop', message: `The end-to-end tests need ${what}.` };
}

/** The first `names` on PATH, as `command -v` finds it. */
export function onPath(names: string[], path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter).filter(Boolean))
    for (const name of names) if (existsSync(join(dir, name))) return join(dir, name);
  return null;
}

/** Playwright's own Chromium, if it has been downloaded. */
export function playwrightChromium(): string | null {
  try {
    // Synchronous, so that playwright.config.ts can ask too.
    const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof PlaywrightCore;
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** The facts of this machine. */
export function browserFacts(root: string, env: NodeJS.ProcessEnv = process.env): BrowserFacts {
  const electron = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));
  const chromiumPath = env.CHROMIUM_PATH && existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return {
    platform: process.platform,
    chromiumPath,
    playwrightChromium: chromiumPath ? null : playwrightChromium(),
    systemChromium: onPath(['chromium', 'chromium-browser'], env.PATH),
    display: process.platform !== 'linux' || Boolean(env.DISPLAY) || onPath(['Xvfb'], env.PATH) !== null,
    electron,
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath(['apt-get'], env.PATH) !== null,
  };
}

/** The Chromium for Playwright: the same order as planBrowser, Debian's path when none is found (the setup says why). */
export function resolveChromium(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return playwrightChromium() ?? onPath(['chromium', 'chromium-browser'], env.PATH) ?? DEBIAN_CHROMIUM;
}

/** Runs a plan's commands (apt-get), with their output, in a non-interactive frontend. */
export function runInstall(plan: Extract<BrowserPlan, { action: 'install' }>): void {
  for (const args of plan.args)
    execFileSync(plan.command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
}
