import { describe, expect, it } from 'vitest';
import { checkCdpUrl, isInside, normalizePath, pathKey } from './fields.ts';

const path = (input: string, home?: string) => {
  const result = normalizePath(input, { home });
  return result.ok ? result.path : `error: ${result.error}`;
};

describe('path fields', () => {
  it('expands ~ with the home it is given, and keeps it when there is none', () => {
    expect(path('~/ws/', '/home/u')).toBe('/home/u/ws');
    expect(path('~', '/home/u/')).toBe('/home/u');
    expect(path('~/ws')).toBe('~/ws');
    expect(path('~\\ws', 'C:\\Users\\u')).toBe('C:\\Users\\u\\ws');
  });

  it('collapses repeated slashes, dots and trailing slashes', () => {
    expect(path('//home/u/ws')).toBe('/home/u/ws');
    expect(path('/home/u/./a/../ws///')).toBe('/home/u/ws');
    expect(path('/../..')).toBe('/');
    expect(path('  /srv/ws  ')).toBe('/srv/ws');
  });

  it('normalizes Windows paths: drive letter, separators, UNC shares', () => {
    expect(path('c:/Users/u/ws/')).toBe('C:\\Users\\u\\ws');
    expect(path('C:\\')).toBe('C:\\');
    expect(path('\\\\server\\share\\a\\..\\b\\')).toBe('\\\\server\\share\\b');
  });

  it('refuses relative paths with the rule in words', () => {
    for (const relative of ['./ws', 'ws', '../ws', 'C:ws']) {
      expect(path(relative)).toMatch(/^error: must be an absolute path .*relative path depends on the folder/);
    }
    expect(path('~bob/ws')).toMatch(/^error: must be an absolute path.*~user/);
    expect(path('   ')).toBe('error: must not be empty');
  });

  it('keys order a path right before what lies inside it, and tell siblings apart', () => {
    const key = (p: string) => pathKey(p, p.startsWith('/') ? 'posix' : 'win32');
    const sorted = ['/a-b', '/a/b', '/a', '/'].map(key).sort();
    expect(sorted).toEqual(['/', '/a', '/a/b', '/a-b'].map(key));
    expect(isInside(key('/a/b'), key('/a'))).toBe(true);
    expect(isInside(key('/a-b'), key('/a'))).toBe(false);
    expect(isInside(key('/home/u/.openclaw-a'), key('/home/u/.openclaw'))).toBe(false);
    expect(isInside(key('/a'), key('/'))).toBe(true);
    expect(key('C:\\Users\\U')).toBe(key('C:\\users\\u'));
    expect(isInside(key('C:\\Users\\u\\ws'), key('C:\\users'))).toBe(true);
  });
});

describe('CDP URL fields', () => {
  const url = (input: string) => {
    const result = checkCdpUrl(input);
    return result.ok ? result.url : `error: ${result.error}`;
  };

  it('a pinned cdpUrl of http://a b is refused (the old pattern was not anchored)', () => {
    expect(url('http://a b')).toMatch(/^error: .*spaces are not allowed/);
    expect(url('http://127.0.0.1:9222/x y')).toMatch(/spaces are not allowed/);
  });

  it('accepts http, https, ws and wss with a host, written canonically', () => {
    expect(url('HTTP://LocalHost:9222/')).toBe('http://localhost:9222');
    expect(url('https://chrome.example.com:443/json')).toBe('https://chrome.example.com/json');
    expect(url('ws://127.0.0.1:9222/devtools/browser/abc')).toBe('ws://127.0.0.1:9222/devtools/browser/abc');
    expect(url(' wss://[::1]:9000 ')).toBe('wss://[::1]:9000');
  });

  it('refuses other protocols, missing hosts, credentials and non-URLs', () => {
    expect(url('ftp://host')).toMatch(/^error: must be an http:\/\/.*; ftp is not one of them/);
    expect(url('file:///tmp/x')).toMatch(/file is not one of them/);
    expect(url('http://user:secret@127.0.0.1:9222')).toMatch(/^error: must not hold a user name or password/);
    expect(url('127.0.0.1:9222')).toMatch(/^error: /);
    expect(url('nonsense')).toMatch(/^error: is not a URL/);
    expect(url('http://:9222')).toMatch(/^error: /);
  });
});
