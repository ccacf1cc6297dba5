// The rules for what people type into path and URL fields: normalize first, then check. Pure: the home is passed in,
// and symlinks are resolved by the core (core/normalize.ts), since only it may touch the file system.

export type PathStyle = 'posix' | 'win32';

export type PathCheck = { ok: true; path: string; style: PathStyle } | { ok: false; error: string };

export const ABSOLUTE_PATH_RULE = 'must be an absolute path (like /home/you/work, C:\\work or ~/work)';

const WIN_DRIVE = /^([a-z]):[\\/]/i;
const WIN_UNC = /^\\\\[^\\/]+[\\/][^\\/]+/;

/**
 * `path` as one canonical absolute path: `~` expanded when `home` is given (kept as `~` otherwise), `.` and `..`
 * resolved, repeated and trailing separators removed (`//home/u/ws/` is `/home/u/ws`). A relative path is refused: it
 * would land wherever the gateway happens to start.
 */
export function normalizePath(input: string, options: { home?: string | null } = {}): PathCheck {
  const path = input.trim();
  if (path.length === 0) return { ok: false, error: 'must not be empty' };
  if (path.includes('\0')) return { ok: false, error: 'must not contain a NUL character' };
  if (path === '~' || /^~[\\/]/.test(path)) {
    const rest = path.slice(1);
    if (!options.home) return { ok: true, path: joinSegments('~', segmentsOf(rest, 'posix'), 'posix'), style: 'posix' };
    const home = normalizePath(options.home);
    if (!home.ok)
      return { ok: false, error: `cannot expand ~: the home ${JSON.stringify(options.home)} ${home.error}` };
    return normalizePath(`${home.path}${home.style === 'win32' ? '\\' : '/'}${rest}`);
  }
  if (/^~[^\\/]/.test(path)) return { ok: false, error: `${ABSOLUTE_PATH_RULE}; ~user is not expanded` };
  const drive = WIN_DRIVE.exec(path);
  if (drive) {
    const root = `${(drive[1] as string).toUpperCase()}:`;
    return { ok: true, path: joinSegments(root, segmentsOf(path.slice(2), 'win32'), 'win32'), style: 'win32' };
  }
  if (WIN_UNC.test(path)) {
    const [server, share, ...rest] = segmentsOf(path, 'win32');
    return { ok: true, path: joinSegments(`\\\\${server}\\${share}`, resolveDots(rest), 'win32'), style: 'win32' };
  }
  if (path.startsWith('/'))
    return { ok: true, path: joinSegments('', segmentsOf(path, 'posix'), 'posix'), style: 'posix' };
  return { ok: false, error: `${ABSOLUTE_PATH_RULE}; a relative path depends on the folder the gateway starts in` };
}

function segmentsOf(path: string, style: PathStyle): string[] {
  const parts = path.split(style === 'win32' ? /[\\/]+/ : /\/+/).filter((part) => part !== '');
  return style === 'win32' && WIN_UNC.test(path) ? parts : resolveDots(parts);
}

function resolveDots(parts: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

function joinSegments(root: string, segments: readonly string[], style: PathStyle): string {
  const separator = style === 'win32' ? '\\' : '/';
  if (segments.length === 0) return root === '' ? '/' : root === '~' ? '~' : `${root}${separator}`;
  return `${root}${separator}${segments.join(separator)}`;
}

/**
 * A key that orders a normalized path right before everything inside it: separators become NUL, so `/a`, `/a/b` and
 * `/a-b` sort in that order, and "inside" is a prefix test. Windows paths compare case-insensitively.
 */
export function pathKey(normalized: string, style: PathStyle): string {
  const separator = style === 'win32' ? '\\' : '/';
  const unc = style === 'win32' && normalized.startsWith('\\\\');
  const body = unc ? normalized.slice(2) : normalized;
  const parts = body.split(separator).filter((part) => part !== '');
  const root = unc ? `\\\\${parts.shift()}\\${parts.shift()}` : style === 'win32' ? (parts.shift() ?? '') : '';
  const key = `${root}${parts.map((part) => `\0${part}`).join('')}`;
  return style === 'win32' ? key.toLowerCase() : key;
}

/** Whether the path with key `inner` lies inside the one with key `outer` (and is not the same path). */
export const isInside = (inner: string, outer: string) => inner.startsWith(`${outer}\0`);

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string };

export const CDP_URL_PROTOCOLS = ['http:', 'https:', 'ws:', 'wss:'] as const;
export const CDP_URL_RULE = 'must be an http://, https://, ws:// or wss:// URL with a host, like http://127.0.0.1:9222';

/** A CDP URL, parsed with the WHATWG parser and written back canonically (lowercase scheme and host, no default port). */
export function checkCdpUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text.length === 0) return { ok: false, error: 'must not be empty' };
  if (/\s/.test(text)) return { ok: false, error: `${CDP_URL_RULE}; spaces are not allowed` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `is not a URL: ${CDP_URL_RULE}` };
  }
  if (!(CDP_URL_PROTOCOLS as readonly string[]).includes(url.protocol))
    return { ok: false, error: `${CDP_URL_RULE}; ${url.protocol.replace(/:$/, '')} is not one of them` };
  if (url.hostname === '') return { ok: false, error: `names no host: ${CDP_URL_RULE}` };
  if (url.username !== '' || url.password !== '')
    return { ok: false, error: 'must not hold a user name or password: the config keeps it in plain text' };
  const path = url.pathname === '/' ? '' : url.pathname;
  return { ok: true, url: `${url.protocol}//${url.host}${path}${url.search}${url.hash}` };
}
