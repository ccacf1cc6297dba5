import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFile, appProtocolHandler } from './app-protocol.ts';
import { APP_CSP } from './window-options.ts';

function renderer() {
  const root = join(mkdtempSync(join(tmpdir(), 'lp-proto-')), 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lobsterpot</title>');
  writeFileSync(join(root, 'assets', 'index-1.js'), 'export {};');
  writeFileSync(join(root, '..', 'secret.txt'), 'not for the page');
  return root;
}

describe('defect 9: the app scheme serves the built renderer and nothing else', () => {
  it('maps app URLs to files under the renderer folder only', () => {
    expect(appFile('app://lobsterpot/index.html', '/r')).toBe('/r/index.html');
    expect(appFile('app://lobsterpot/assets/a%20b.js', '/r')).toBe('/r/assets/a b.js');
    // The URL parser resolves a literal `..` at the root, which stays inside the folder.
    expect(appFile('app://lobsterpot/../index.html', '/r')).toBe('/r/index.html');
    for (const url of [
      'app://lobsterpot/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://lobsterpot/',
      'app://other/index.html',
      'file:///r/index.html',
      'app://lobsterpot/%00',
      'app://lobsterpot/%E0%A4%A',
    ]) {
      expect(appFile(url, '/r'), url).toBeNull();
    }
  });

  it('answers with the file, its type and the app CSP; a 404 for anything else', async () => {
    const handle = appProtocolHandler(renderer());
    const page = await handle(new Request('app://lobsterpot/index.html#logs/alpha'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await page.text()).toContain('<title>Lobsterpot</title>');
    const script = await handle(new Request('app://lobsterpot/assets/index-1.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const url of ['app://lobsterpot/missing.js', 'app://lobsterpot/assets/%2e%2e/%2e%2e/secret.txt']) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).toBe('not found');
    }
    expect((await handle(new Request('app://lobsterpot/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
  });
});
