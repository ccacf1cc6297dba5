import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_PATHS, isolationScope, matchesPattern } from '../common/credential-surface.ts';

const DOC = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '.cache',
  'openclaw',
  'node_modules',
  'openclaw',
  'docs',
  'reference',
  'secretref-credential-surface.md',
);

describe('the credential surface', () => {
  it.skipIf(!existsSync(DOC))("lists every openclaw.json path of the installed OpenClaw's reference", () => {
    const text = readFileSync(DOC, 'utf8');
    const list = text.slice(
      text.indexOf('secretref-supported-list-start'),
      text.indexOf('secretref-supported-list-end'),
    );
    const paths = [...list.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]).filter((p) => !p?.startsWith('profiles.'));
    expect([...CREDENTIAL_PATHS].sort()).toEqual(paths.sort());
  });

  it('sorts channel credentials and gateway auth from provider keys that may be shared', () => {
    expect(isolationScope('channels.telegram.accounts.*.botToken')).toBe('channel');
    expect(isolationScope('channels.telegram.tokenFile')).toBe('channel');
    expect(isolationScope('channels.discord.voice.tts.providers.*.apiKey')).toBeNull();
    expect(isolationScope('gateway.auth.token')).toBe('gateway');
    expect(isolationScope('models.providers.*.apiKey')).toBeNull();
    expect(matchesPattern('channels.slack.accounts.ops.botToken', 'channels.slack.accounts.*.botToken')).toBe(true);
    expect(matchesPattern('channels.slack.botToken', 'channels.slack.accounts.*.botToken')).toBe(false);
  });
});
