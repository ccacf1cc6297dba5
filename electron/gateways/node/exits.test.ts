import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleText, describeExit, failureWords, isPortInUse } from './exits.ts';

const sample = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'tests', 'fixtures', 'openclaw', name), 'utf8').split('\n');

describe('exits', () => {
  it('says what an exit means', () => {
    expect(describeExit(0, null)).toBe('clean stop (exit 0)');
    expect(describeExit(78, null)).toBe('config error (exit 78)');
    expect(describeExit(null, 'SIGKILL')).toBe('killed (SIGKILL)');
  });

  it("quotes the gateway's words for a port conflict, naming the holder", () => {
    const lines = sample('console-port-held-by-non-gateway-exit1.txt');
    expect(isPortInUse(1, lines)).toBe(true);
    expect(isPortInUse(0, lines)).toBe(false);
    const words = failureWords(lines);
    expect(words).toMatch(
      /^Gateway failed to start: another gateway instance is already listening on ws:\/\/127.0.0.1:33700/,
    );
    expect(words).toMatch(/pid 26470 root: .*python3 -m http.server 33700/);
  });

  it("quotes the gateway's words for a missing config", () => {
    expect(failureWords(sample('console-missing-config-exit78.txt'))).toBe(
      'Missing config. Run `openclaw --profile epsilon setup` or set gateway.mode=local (or pass --allow-unconfigured).',
    );
  });

  it('reads the JSON console style', () => {
    const lines = sample('console-consoleStyle-json.jsonl');
    expect(consoleText(lines[0] ?? '')).toBe('loading configuration…');
  });
});
