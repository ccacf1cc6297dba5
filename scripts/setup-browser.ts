// `npm test`'s first step: makes sure the end-to-end tests have a Chromium (and Xvfb where the Electron project needs
// one). As root with apt-get it installs Debian's packages; elsewhere it stops at once with one line saying what to do.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserFacts, planBrowser, resolveChromium, runInstall } from './browser.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plan = planBrowser(browserFacts(root));
if (plan.action === 'stop') {
  console.error(plan.message);
  process.exit(1);
}
if (plan.action === 'install') {
  console.log(`installing ${plan.packages.join(', ')} with apt-get for the end-to-end tests …`);
  runInstall(plan);
  const after = planBrowser(browserFacts(root));
  if (after.action !== 'use') {
    console.error(`apt-get ran, yet the end-to-end tests still lack ${plan.packages.join(', ')}.`);
    process.exit(1);
  }
}
console.log(`end-to-end browser: ${resolveChromium()}`);
