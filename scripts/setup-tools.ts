// The integration tests' system tools: OpenSSH's server and client (the other-hosts tests start their own `sshd` on a
// loopback port) and Debian's `docker-compose` (the Compose export is checked with `docker-compose config`, which
// needs no Docker engine). As root with apt-get the missing ones are installed; elsewhere one line says what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { onPath } from './browser.ts';

/** A tool the tests run, where Debian puts it, and the package that brings it. */
const TOOLS = [
  { name: 'sshd', path: '/usr/sbin/sshd', pkg: 'openssh-server' },
  { name: 'ssh', path: '/usr/bin/ssh', pkg: 'openssh-client' },
  { name: 'ssh-keygen', path: '/usr/bin/ssh-keygen', pkg: 'openssh-client' },
  { name: 'docker-compose', path: '/usr/bin/docker-compose', pkg: 'docker-compose' },
] as const;

const present = (tool: (typeof TOOLS)[number]) => existsSync(tool.path) || onPath([tool.name]) !== null;
const missing = () => TOOLS.filter((tool) => !present(tool));

const lacking = missing();
if (lacking.length) {
  const packages = [...new Set(lacking.map((tool) => tool.pkg))];
  const canInstall = process.platform === 'linux' && process.getuid?.() === 0 && onPath(['apt-get']) !== null;
  if (!canInstall) {
    console.error(
      `The integration tests need ${lacking.map((tool) => tool.name).join(', ')} (Debian: \`apt-get install -y ${packages.join(' ')}\`); the tests that use them are skipped and say so.`,
    );
    process.exit(0);
  }
  console.log(`installing ${packages.join(', ')} with apt-get for the integration tests …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  const still = missing();
  if (still.length) {
    console.error(`apt-get ran, yet ${still.map((tool) => tool.name).join(', ')} is still missing.`);
    process.exit(1);
  }
}
console.log(`integration tools: ${TOOLS.map((tool) => tool.name).join(', ')}`);
