import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePorts } from '../../ports/common/conflicts.ts';
import { parseArgs } from '../../contract/contract.ts';
import type { PortProfile } from '../../ports/common/ports.ts';
import { canonicalArgs, canonicalPath, canonicalPortProfile, resolveExisting } from './normalize.ts';

const home = () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lp-home-')));
  mkdirSync(join(dir, 'real', 'ws'), { recursive: true });
  symlinkSync(join(dir, 'real'), join(dir, 'link'));
  return dir;
};

describe('paths made canonical in the core', () => {
  it('resolves symlinks where the path exists and keeps the part that does not', () => {
    const dir = home();
    expect(resolveExisting(join(dir, 'link', 'ws'))).toBe(join(dir, 'real', 'ws'));
    expect(resolveExisting(join(dir, 'link', 'new', 'deeper'))).toBe(join(dir, 'real', 'new', 'deeper'));
    expect(resolveExisting('/')).toBe('/');
  });

  it('a workspace given as ~/link/ws/ is the workspace its symlink points to', () => {
    const dir = home();
    expect(canonicalPath('workspace', '~/link/ws/', dir)).toBe(join(dir, 'real', 'ws'));
    expect(canonicalPath('workspace', `/${dir}//link/./ws`, dir)).toBe(join(dir, 'real', 'ws'));
    expect(() => canonicalPath('workspace', './ws', dir)).toThrow(/^workspace: must be an absolute path/);
  });

  it('two profiles whose workspaces meet through a symlink are a finding', () => {
    const dir = home();
    const profile = (name: string, port: number, workspace: string): PortProfile =>
      canonicalPortProfile(
        { name, port, stateDir: `~/.openclaw-${name}`, configPath: `~/.openclaw-${name}/openclaw.json`, workspace },
        dir,
      );
    const findings = analyzePorts([profile('a', 30000, '~/real/ws'), profile('b', 31000, `${dir}/link/ws/`)]);
    expect(findings.map((f) => `${f.kind}:${f.profiles.join('+')}`)).toEqual(['shared-workspace:a+b']);
    expect(profile('c', 32000, 'rel').workspace).toBe('rel');
  });

  it("expands a command's paths with the home: the workspace resolved, launchers only expanded", () => {
    const dir = home();
    const update = canonicalArgs(
      'profiles.update',
      parseArgs('profiles.update', { name: 'a', workspace: '~/link/ws/' }),
      dir,
    );
    expect(update).toEqual({ name: 'a', workspace: join(dir, 'real', 'ws') });
    const settings = canonicalArgs('settings.update', parseArgs('settings.update', { nodePath: '~/link/node' }), dir);
    expect(settings).toEqual({ nodePath: join(dir, 'link', 'node') });
    expect(canonicalArgs('gateway.start', { name: 'a' }, dir)).toEqual({ name: 'a' });
  });

  it('paths were made canonical per command (workspace and launchers only): every path field is, by its schema', () => {
    const dir = home();
    const added = canonicalArgs(
      'profiles.add',
      parseArgs('profiles.add', { config: '~/link/c.json', stateDir: '~/s' }),
      dir,
    );
    expect(added).toEqual({ config: join(dir, 'real', 'c.json'), stateDir: join(dir, 's') });
    const backup = canonicalArgs('profiles.backup', parseArgs('profiles.backup', { name: 'a', output: '~/link' }), dir);
    expect(backup.output).toBe(join(dir, 'real'));
    const host = canonicalArgs(
      'hosts.add',
      parseArgs('hosts.add', { name: 'box', destination: 'box', sshConfig: '~/c' }),
      dir,
    );
    expect(host.sshConfig).toBe(join(dir, 'c'));
    const exported = canonicalArgs(
      'fleet.export',
      parseArgs('fleet.export', { format: 'compose', output: '~/x' }),
      dir,
    );
    expect(exported.output).toBe(join(dir, 'x'));
    expect(() => canonicalArgs('profiles.restore', { archive: '~nobody/a', name: 'a' }, dir)).toThrow(/^archive: /);
  });
});
