// `node build/verify-package.ts <app>`: reads the fuses back from a packaged app (the .app on macOS, the .exe on
// Windows, the binary on Linux) with @electron/fuses and compares each with electron-builder.yml's electronFuses.
// The release workflow runs it on every installer's app; it exits non-zero, naming the fuse, on any difference.
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** electron-builder's option name for each fuse of the V1 wire. */
const OPTION: Record<number, string> = {
  [FuseV1Options.RunAsNode]: 'runAsNode',
  [FuseV1Options.EnableCookieEncryption]: 'enableCookieEncryption',
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: 'enableNodeOptionsEnvironmentVariable',
  [FuseV1Options.EnableNodeCliInspectArguments]: 'enableNodeCliInspectArguments',
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: 'enableEmbeddedAsarIntegrityValidation',
  [FuseV1Options.OnlyLoadAppFromAsar]: 'onlyLoadAppFromAsar',
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: 'loadBrowserProcessSpecificV8Snapshot',
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: 'grantFileProtocolExtraPrivileges',
};

/** The wire's bytes: '1' on, '0' off (@electron/fuses' FuseState, which its index does not export). */
const ON = '1'.charCodeAt(0);
const OFF = '0'.charCodeAt(0);

export async function fuseDifferences(app: string, configFile: string): Promise<string[]> {
  const wanted = (parse(readFileSync(configFile, 'utf8')) as { electronFuses: Record<string, boolean> }).electronFuses;
  const wire = (await getCurrentFuseWire(app)) as unknown as Record<number, number>;
  const differences: string[] = [];
  for (const [fuse, option] of Object.entries(OPTION)) {
    const want = wanted[option];
    if (want === undefined) continue;
    const found = wire[Number(fuse)];
    const expected = want ? ON : OFF;
    if (found !== expected)
      differences.push(
        `${option}: wanted ${want ? 'on' : 'off'}, found ${found === undefined ? 'no such fuse' : String.fromCharCode(found)}`,
      );
  }
  return differences;
}

if (import.meta.main) {
  const app = process.argv[2];
  if (!app) {
    console.error('usage: node build/verify-package.ts <packaged app>');
    process.exit(2);
  }
  const differences = await fuseDifferences(app, join(import.meta.dirname, '..', 'electron-builder.yml'));
  for (const line of differences) console.error(`fuse ${line}`);
  console.log(
    differences.length === 0
      ? `fuses of ${app}: as electron-builder.yml says`
      : `fuses of ${app}: ${differences.length} wrong`,
  );
  process.exit(differences.length === 0 ? 0 : 1);
}
