import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderWatch, foldersOf } from './folder-watch.ts';

describe('FolderWatch', () => {
  const made: string[] = [];
  afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const home = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-folders-'));
    made.push(dir);
    return dir;
  };

  it('calls once a profile folder appears, not for other files of the home', async () => {
    const dir = home();
    let calls = 0;
    const changed = new Promise<void>((resolve) => {
      const watch = new FolderWatch(() => {
        calls++;
        watch.close();
        resolve();
      }, 10);
      watch.update(foldersOf(dir, []));
    });
    writeFileSync(join(dir, '.bashrc'), '');
    mkdirSync(join(dir, '.openclaw-alpha'));
    await changed;
    expect(calls).toBe(1);
  });

  it('watches a profile’s config and lock folders, and a folder made later once updated again', async () => {
    const dir = home();
    const stateDir = join(dir, '.openclaw-alpha');
    mkdirSync(stateDir);
    const profiles = [{ stateDir, configPath: join(stateDir, 'openclaw.json') }];
    const folders = foldersOf(dir, profiles, 1000).map((f) => f.path);
    expect(folders).toContain(join(stateDir, 'tmp', 'openclaw-1000'));
    let resolveChange!: () => void;
    let change = new Promise<void>((resolve) => (resolveChange = resolve));
    const watch = new FolderWatch(() => resolveChange(), 10);
    try {
      watch.update(foldersOf(dir, profiles, 1000));
      writeFileSync(join(stateDir, 'openclaw.json'), '{}');
      await change;
      change = new Promise<void>((resolve) => (resolveChange = resolve));
      mkdirSync(join(stateDir, 'tmp', 'openclaw-1000'), { recursive: true });
      watch.update(foldersOf(dir, profiles, 1000));
      await change;
      change = new Promise<void>((resolve) => (resolveChange = resolve));
      writeFileSync(join(stateDir, 'tmp', 'openclaw-1000', 'gateway.abc.lock'), '{}');
      await change;
    } finally {
      watch.close();
    }
  });
});

describe('FolderWatch and the seeds’ manual layout', () => {
  it('calls once a new config appears beside the others in ~/.openclaw, also while the default profile is watched there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-folders-'));
    try {
      const configs = join(dir, '.openclaw');
      mkdirSync(configs);
      const profiles = [{ stateDir: configs, configPath: join(configs, 'openclaw.json') }];
      let resolveChange!: () => void;
      const change = new Promise<void>((resolve) => (resolveChange = resolve));
      const watch = new FolderWatch(() => resolveChange(), 10);
      try {
        watch.update(foldersOf(dir, profiles, 1000));
        writeFileSync(join(configs, 'rescue.json'), '{}');
        await change;
      } finally {
        watch.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
