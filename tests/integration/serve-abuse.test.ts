// `lobsterpot serve` attacked as a process on the same host could: every request that once ended the process is a named
// test, each followed by a valid request that must still work, then the limits and the checks at the door. The process
// must be running, with nothing uncaught, at the end. The bounded fuzzing is in serve-fuzz.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../electron/contract/wire.ts';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { LIMITS, startServer } from '../../electron/serve/server.ts';
import { freePortBlock } from './world.ts';
import { frame, isClosed, Serve, upgradeRequest, type RawResponse, type Reply } from './serve-harness.ts';

const isClientError = (response: RawResponse) =>
  response.status !== null && response.status >= 400 && response.status < 500;

/** The close code in the first WebSocket frame after an HTTP 101 head (server frames are not masked). */
function closeCode(body: string): number | null {
  const bytes = Buffer.from(body, 'latin1');
  if (bytes.length < 4 || (bytes[0] as number) !== 0x88) return null;
  return bytes.readUInt16BE(2);
}

describe('lobsterpot serve under hostile input', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await Serve.start();
  });

  afterAll(async () => {
    await serve?.stop();
  });

  describe('requests that once ended the process', () => {
    it('survives a request target that is not a URL', async () => {
      const response = await serve.raw(`GET http://[ HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`);
      expect(response.status).toBe(400);
      await serve.stillServes();
    });

    it('survives a token cookie that is not valid percent-encoding', async () => {
      expect((await serve.get('/', { cookie: 'lobsterpot_token=%E0' })).status).toBe(401);
      await serve.stillServes();
    });

    it('survives a WebSocket upgrade whose target is not a URL, and closes that connection', async () => {
      const response = await serve.raw(upgradeRequest(serve, 'http://['), { untilClosed: true });
      expect(response.status).toBe(400);
      expect(response.closed).toBe(true);
      await serve.stillServes();
    });

    it('survives a path that is not valid percent-encoding, with the token', async () => {
      expect((await serve.get('/%E0')).status).toBe(400);
      const upgrade = await serve.raw(upgradeRequest(serve, '/api/%E0'), { untilClosed: true });
      expect(upgrade.status).toBe(400);
      expect(upgrade.closed).toBe(true);
      await serve.stillServes();
    });

    it('closes a WebSocket whose message is over the payload limit with 1009, and no other socket', async () => {
      const bystander = await serve.socket();
      const client = await serve.socket();
      client.ws.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20), { binary: false });
      expect((await client.closedWithin()).code).toBe(1009);
      expect((await bystander.call('state.snapshot', {})).ok).toBe(true);
      await bystander.close();
      await serve.stillServes();
    });

    it('closes a WebSocket that sends a text frame of invalid UTF-8 with 1007', async () => {
      const client = await serve.socket();
      client.ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
      expect((await client.closedWithin()).code).toBe(1007);
      await serve.stillServes();
    });

    it('answers the message null with an invalid-argument error', async () => {
      const client = await serve.socket();
      client.ws.send('null');
      expect(await client.next()).toEqual({
        ok: false,
        error: { code: 'invalid-argument', message: 'message: must be an object {id, command, args}' },
      });
      expect((await client.call('state.snapshot', {})).ok).toBe(true);
      await client.close();
    });
  });

  describe('messages that are not a request get an error reply, and the socket stays', () => {
    const cases: [string, string, number | undefined, RegExp][] = [
      ['an array', '[1,2]', undefined, /must be an object/],
      ['a string', '"state.snapshot"', undefined, /must be an object/],
      ['a number', '42', undefined, /must be an object/],
      ['text that is not JSON', '{"id":1,', undefined, /must be JSON/],
      ['an empty message', '', undefined, /must be JSON/],
      ['an unknown command', '{"id":3,"command":"gateway.explode"}', 3, /^command: unknown command "gateway.explode"/],
      ['a command that is not a text', '{"id":3,"command":{"toString":1}}', 3, /^command: must be a text/],
      ['a __proto__ key', '{"id":4,"command":"state.snapshot","__proto__":{"polluted":1}}', undefined, /__proto__/],
      [
        'a __proto__ key deep in the arguments',
        '{"id":4,"command":"profiles.update","args":{"name":"a","browserProfiles":{"__proto__":{"cdpPort":1}}}}',
        undefined,
        /__proto__/,
      ],
      [
        'a constructor key',
        '{"id":5,"command":"state.snapshot","args":{"constructor":{"x":1}}}',
        undefined,
        /constructor/,
      ],
      [
        'arrays nested half a million deep',
        `{"id":10,"command":"state.snapshot","args":{"a":${'['.repeat(500_000)}${']'.repeat(500_000)}}}`,
        undefined,
        /nested deeper than/,
      ],
      ['a huge id', '{"id":1e308,"command":"state.snapshot"}', undefined, /^id: .*must be at most/],
      ['an id past 31 bits', `{"id":${2 ** 31},"command":"state.snapshot"}`, undefined, /^id: must be at most/],
      ['a negative id', '{"id":-1,"command":"state.snapshot"}', undefined, /^id: must be at least 1/],
      ['a fractional id', '{"id":1.5,"command":"state.snapshot"}', undefined, /^id: must be a whole number/],
      ['an id that is a text', '{"id":"1","command":"state.snapshot"}', undefined, /^id: must be a number/],
      ['a missing id', '{"command":"state.snapshot"}', undefined, /^id: must be a number/],
      ['a missing command', '{"id":6}', 6, /^command: must be a text/],
      ['arguments that are not an object', '{"id":7,"command":"state.snapshot","args":[1]}', 7, /^args: /],
      ['an unknown field', '{"id":8,"command":"state.snapshot","extra":1}', 8, /unknown field extra/],
      ['arguments the contract refuses', '{"id":9,"command":"gateway.start","args":{"name":"../x"}}', 9, /^name: /],
    ];
    it.each(cases)('answers %s with an invalid-argument error', async (_what, message, id, text) => {
      const client = await serve.socket();
      client.ws.send(message);
      const reply = await client.next();
      expect(isClosed(reply)).toBe(false);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect((reply as Reply).id).toBe(id);
      expect((reply as Reply).error?.message).toMatch(text);
      expect((await client.call('state.snapshot', {})).ok).toBe(true);
      await client.close();
    });

    it('answers a binary frame with an error reply', async () => {
      const client = await serve.socket();
      client.ws.send(Buffer.from('{"id":1,"command":"state.snapshot"}'), { binary: true });
      expect(await client.next()).toMatchObject({ ok: false, error: { message: /text frame/ } });
      await client.close();
    });

    it('puts a fragmented message together, with pings between the fragments', async () => {
      const client = await serve.socket();
      const message = JSON.stringify({ id: 11, command: 'state.snapshot', args: {} });
      client.ws.send(message.slice(0, 5), { fin: false });
      client.ws.ping();
      client.ws.send(message.slice(5, 20), { fin: false });
      client.ws.send(message.slice(20), { fin: true });
      expect(await client.next()).toMatchObject({ id: 11, ok: true });
      await client.close();
    });
  });

  describe('limits', () => {
    it('closes a WebSocket whose fragments add up to more than the payload limit with 1009', async () => {
      const client = await serve.socket();
      const half = Buffer.alloc(MAX_MESSAGE_BYTES / 2 + 1, 0x20);
      client.ws.send(half, { binary: false, fin: false });
      client.ws.send(half, { binary: false, fin: true });
      expect((await client.closedWithin()).code).toBe(1009);
      await serve.stillServes();
    });

    it(`closes a WebSocket that sends more than ${LIMITS.messagesPerSecond} messages a second with 1008`, async () => {
      const client = await serve.socket();
      for (let i = 0; i < LIMITS.messagesPerSecond * 3; i++) client.ws.send('{}');
      const closed = await client.closedWithin();
      expect(closed.code).toBe(1008);
      expect(closed.reason).toMatch(/too many messages/);
      await serve.stillServes();
    });

    it(`closes WebSockets past ${LIMITS.maxSockets} at once with 1008, and takes new ones when some close`, async () => {
      const clients = await Promise.all(Array.from({ length: LIMITS.maxSockets }, () => serve.socket()));
      const extra = await serve.socket();
      const closed = await extra.closedWithin();
      expect(closed.code).toBe(1008);
      expect(closed.reason).toMatch(/too many connections/);
      await Promise.all(clients.map((client) => client.close()));
      await serve.stillServes();
    });

    it('closes a WebSocket that sends an unmasked frame with 1002', async () => {
      const request = upgradeRequest(serve, '/api');
      const unmasked = frame(0x1, Buffer.from('{"id":1,"command":"state.snapshot"}'), { mask: false });
      const response = await serve.raw([Buffer.from(request, 'latin1'), unmasked], { untilClosed: true });
      expect(response.status).toBe(101);
      expect(closeCode(response.body)).toBe(1002);
      await serve.stillServes();
    });

    it('answers headers over the size limit with 431', async () => {
      const response = await serve.get('/', { 'x-filler': 'a'.repeat(LIMITS.maxHeaderBytes) });
      expect(response.status).toBe(431);
      await serve.stillServes();
    });

    it('answers a request body with a 4xx before reading it all', async () => {
      const head = `POST / HTTP/1.1\r\nHost: ${serve.host}\r\nCookie: ${serve.cookie}\r\nContent-Type: application/json\r\n`;
      const response = await serve.raw(`${head}Content-Length: ${LIMITS.bodyBytes * 64}\r\n\r\n{`);
      expect(isClientError(response)).toBe(true);
      await serve.stillServes();
    });

    it('closes a connection that never finishes its headers (408)', async () => {
      const started = Date.now();
      const response = await serve.raw(`GET / HTTP/1.1\r\nHost: ${serve.host}\r\nX-Slow: `, {
        untilClosed: true,
        timeoutMs: LIMITS.headersTimeoutMs + 5_000,
      });
      expect(response.closed).toBe(true);
      expect(response.status).toBe(408);
      expect(Date.now() - started).toBeLessThan(LIMITS.headersTimeoutMs + 3_000);
    });
  });

  describe('the checks at the door', () => {
    it('answers 401 without the token, or with a wrong one', async () => {
      expect((await serve.get('/', { cookie: '' })).status).toBe(401);
      expect((await serve.get('/?token=wrong', { cookie: '' })).status).toBe(401);
      expect((await serve.get('/', { cookie: 'lobsterpot_token=wrong' })).status).toBe(401);
      await expect(serve.socket({ headers: { cookie: '' } })).rejects.toThrow('HTTP 401');
    });

    it('moves the token from the address into an HttpOnly, SameSite=Strict cookie', async () => {
      const response = await serve.get(`/?token=${serve.token}`, { cookie: '' });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/');
      expect(response.headers['set-cookie']).toBe(`${serve.cookie}; Path=/; HttpOnly; SameSite=Strict`);
    });

    it('never redirects to another host', async () => {
      const targets = ['//evil.example/', '/\\evil.example', '/%2F%2Fevil.example', '/\\/evil.example/'];
      for (const path of targets.map((target) => `${target}?token=${serve.token}`)) {
        const response = await serve.get(path, { cookie: '' });
        expect(response.status).toBe(303);
        // Resolved the way a browser resolves it (a backslash counts as a slash).
        expect(new URL(response.headers.location ?? '', `http://${serve.host}/`).host).toBe(serve.host);
      }
    });

    it('refuses a Host header that is not this server (DNS rebinding), token or not', async () => {
      for (const host of ['evil.example', `evil.example:${serve.port}`, `127.0.0.1:${serve.port + 1}`, '127.0.0.1']) {
        expect((await serve.get('/', { host })).status).toBe(421);
        const upgrade = await serve.raw(upgradeRequest(serve, '/api', { host }), { untilClosed: true });
        expect(upgrade.status).toBe(421);
        expect(upgrade.closed).toBe(true);
      }
      expect((await serve.raw(`GET / HTTP/1.0\r\nCookie: ${serve.cookie}\r\n\r\n`)).status).toBe(421);
      expect((await serve.get('/', { host: `localhost:${serve.port}` })).status).not.toBe(421);
    });

    it('refuses a WebSocket from another Origin with 403', async () => {
      await expect(serve.socket({ headers: { origin: 'http://evil.example' } })).rejects.toThrow('HTTP 403');
      await expect(serve.socket({ headers: { origin: `http://127.0.0.1:${serve.port + 1}` } })).rejects.toThrow(
        'HTTP 403',
      );
      const own = await serve.socket({ headers: { origin: `http://localhost:${serve.port}` } });
      await own.close();
    });

    it('refuses paths that climb out of the window folder, dotfiles and NUL', async () => {
      for (const path of ['/../../etc/passwd', '/..%2f..%2fetc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/.env', '/%00'])
        expect((await serve.get(path)).status, path).toBe(403);
    });

    it('refuses WebSocket upgrades anywhere but /api', async () => {
      const response = await serve.raw(upgradeRequest(serve, '/index.html'), { untilClosed: true });
      expect(response.status).toBe(404);
      expect(response.closed).toBe(true);
    });

    it('sends a strict Content-Security-Policy and the security headers', async () => {
      const response = await serve.get('/', { cookie: '' });
      const csp = response.headers['content-security-policy'] ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${serve.port} ws://localhost:${serve.port}`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
    });
  });

  it('is still running after all of it, with nothing uncaught on its stderr', () => {
    expect(serve.exit).toBeNull();
    expect(serve.stderr).not.toMatch(/uncaught|unhandled|Error:|TypeError|RangeError|\n\s+at /i);
    // What serve logs for a 500 or a failed WebSocket handler.
    expect(serve.stderr).not.toContain('lobsterpot serve:');
  });
});

describe('serve without a built window', () => {
  it('answers 503 with what to run', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lp-renderer-'));
    const manager = { on: () => () => undefined, reply: async () => ({ ok: true, result: null }) };
    const server = await startServer(manager as unknown as Manager, {
      port: await freePortBlock(10),
      rendererDir: join(empty, 'missing'),
    });
    try {
      const url = new URL(server.url);
      const response = await fetch(`http://${url.host}/`, { headers: { cookie: `lobsterpot_token=${server.token}` } });
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/not built yet: run `npm run build:renderer`/);
    } finally {
      await server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
