// The app scheme's handler (`protocol.handle('app', …)`): files of the built renderer only, each with its type and the
// app's CSP; anything outside that folder, or another host, is a 404. Plain Node (fetch's Response), tested there.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { APP_CSP, APP_HOST, APP_SCHEME } from './window-options.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The file under `root` that an app URL names, or null (another scheme or host, a `..` out of root, a folder). */
export function appFile(url: string, root: string): string | null {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return null;
  }
  if (target.protocol !== `${APP_SCHEME}:` || target.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(target.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.endsWith('/')) return null;
  const file = normalize(join(root, path));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

export function appProtocolHandler(root: string, read: (file: string) => Promise<Buffer> = readFile) {
  return async (request: Request): Promise<Response> => {
    const file = appFile(request.url, root);
    const headers = { 'content-security-policy': APP_CSP, 'x-content-type-options': 'nosniff' };
    if (!file || request.method !== 'GET') return new Response('not found', { status: 404, headers });
    try {
      const body = await read(file);
      const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'content-type': type } });
    } catch {
      return new Response('not found', { status: 404, headers });
    }
  };
}
