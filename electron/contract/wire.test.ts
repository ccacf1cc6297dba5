import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_REQUEST_ID, parseRequest } from './wire.ts';

const refused = (text: string) => {
  const parsed = parseRequest(text);
  if (parsed.ok) throw new Error(`accepted ${text}`);
  return parsed.reply;
};

describe('parseRequest', () => {
  it('accepts {id, command, args} and {id, command}', () => {
    expect(parseRequest('{"id":1,"command":"gateway.start","args":{"name":"a"}}')).toEqual({
      ok: true,
      request: { id: 1, command: 'gateway.start', args: { name: 'a' } },
    });
    expect(parseRequest(`{"id":${MAX_REQUEST_ID},"command":"state.snapshot"}`)).toMatchObject({ ok: true });
  });

  it.each(['null', '[]', '"x"', '7', 'true'])('refuses %s as not an object, without an id', (text) => {
    expect(refused(text)).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: 'message: must be an object {id, command, args}' },
    });
  });

  it('refuses text that is not JSON', () => {
    expect(refused('{').error.message).toBe('message: must be JSON');
  });

  it('keeps a valid id in the error, so the sender can match it', () => {
    expect(refused('{"id":9,"command":"nope"}')).toEqual({
      id: 9,
      ok: false,
      error: { code: 'invalid-argument', message: 'command: unknown command "nope"' },
    });
    expect(refused('{"id":9,"command":"state.snapshot","more":1}').id).toBe(9);
  });

  it.each([
    ['1e308', /must be a whole number; id: must be at most/],
    [String(MAX_REQUEST_ID + 1), /at most/],
    ['0', /at least 1/],
    ['1.5', /whole number/],
    ['"1"', /must be a number/],
    ['null', /must be a number/],
  ])('refuses the id %s', (id, message) => {
    const reply = refused(`{"id":${id},"command":"state.snapshot"}`);
    expect(reply.id).toBeUndefined();
    expect(reply.error.message).toMatch(message);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth', (key) => {
    expect(refused(`{"id":1,"command":"state.snapshot","${key}":{}}`).error.message).toContain(key);
    expect(refused(`{"id":1,"command":"settings.update","args":{"a":[{"${key}":1}]}}`).error.message).toContain(key);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses nesting past the limit before parsing it (a stack overflow otherwise)', () => {
    const nested = (n: number) => `{"id":1,"command":"state.snapshot","args":{"a":${'['.repeat(n)}${']'.repeat(n)}}}`;
    expect(parseRequest(nested(MAX_DEPTH - 2)).ok).toBe(true);
    expect(refused(nested(MAX_DEPTH)).error.message).toBe(`message: nested deeper than ${MAX_DEPTH} levels`);
    expect(refused(nested(500_000)).error.message).toMatch(/nested deeper/);
    expect(parseRequest(`{"id":1,"command":"state.snapshot","args":{"a":"${'[{'.repeat(100)}\\"]"}}`).ok).toBe(true);
  });

  it('names a command that is not a command without echoing all of it', () => {
    expect(refused(`{"id":1,"command":"${'x'.repeat(5000)}"}`).error.message.length).toBeLessThan(80);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const parsed = parseRequest(text);
          if (!parsed.ok) expect(parsed.reply.error.code).toBe('invalid-argument');
        },
      ),
    );
  });
});
