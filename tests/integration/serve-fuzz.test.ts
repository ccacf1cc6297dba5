// `lobsterpot serve` fuzzed as a process on the same host could: bounded fast-check runs over request lines, headers,
// cookies, upgrade targets and WebSocket messages, each followed by a valid request that must still work. The process
// must be running, with nothing uncaught, at the end. The named requests that once ended it are in serve-abuse.test.ts.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../electron/contract/wire.ts';
import { frame, isClosed, Serve, upgradeRequest, type RawResponse } from './serve-harness.ts';

/**
 * A bounded fast-check run: at most `numRuns`, at most `timeMs`, and at least `minRuns` done in that time, so a
 * loaded machine cannot turn the suite into a no-op (an interrupted run counts as a pass in fast-check).
 */
async function fuzz<Ts>(property: fc.IAsyncProperty<Ts>, { numRuns = 400, timeMs = 3_500, minRuns = 10 } = {}) {
  // No shrinking: one process serves every run, so once it is broken every smaller input fails too.
  const details = await fc.check(property, {
    numRuns,
    endOnFailure: true,
    plugins: [fc.interruptAfterTimeLimit(timeMs)],
  });
  if (details.failed) throw new Error(fc.defaultReportMessage(details));
  expect(details.numRuns, 'fuzz runs done within the time limit').toBeGreaterThanOrEqual(Math.min(minRuns, numRuns));
}

describe('lobsterpot serve under fuzzed input', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await Serve.start();
  });

  afterAll(async () => {
    await serve?.stop();
  });

  describe('fuzzing (bounded), each input followed by a valid request', () => {
    /** Pieces that parsers trip over: broken percent-encoding, absolute and protocol-relative forms, brackets. */
    const piece = fc.constantFrom(
      ...['%E0', '%C0%AF', '%', '%%', '%zz', '%00', '%2e%2e', '%2F', '%5C', '..', '/', '//', '\\', '?', '#', '[', ']'],
      ...['@', ':', 'http://', 'http://[', 'ws://', '*', '~', '&', '=', ';', ',', '"', "'", 'token=', 'é', '\u00ff'],
      ...['\t', ' ', '\u0000', 'a', '0', 'api', '/api', '__proto__', 'constructor', '\u2028', '\ud800'],
    );
    const hostile = fc.oneof(
      fc.string({ unit: piece, maxLength: 12 }),
      fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
    );
    const oneLine = hostile.map((text) => text.replace(/[\r\n]/g, ''));
    const target = fc
      .tuple(fc.constantFrom('', '/', '/api', '/?token=', 'http://', 'http://[', 'http://%', '//', '*'), oneLine)
      .map(([prefix, rest]) => prefix + rest);
    const expectAnswered = (response: RawResponse) => {
      expect(response.status === null ? response.closed : response.status < 500).toBe(true);
    };

    it('request lines', async () => {
      const method = fc.oneof(
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'PRI', 'get'),
        oneLine,
      );
      const version = fc.oneof(fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', ''), oneLine);
      await fuzz(
        fc.asyncProperty(method, target, version, async (verb, path, protocol) => {
          const line = `${verb} ${path} ${protocol}\r\nHost: ${serve.host}\r\nCookie: ${serve.cookie}\r\n\r\n`;
          expectAnswered(await serve.raw(line, { end: true }));
          await serve.stillServes();
        }),
      );
    });

    it('headers', async () => {
      const name = fc.oneof(
        fc.constantFrom('host', 'cookie', 'content-length', 'transfer-encoding', 'upgrade', 'connection', 'origin'),
        fc.constantFrom('expect', 'sec-websocket-key', 'sec-websocket-version', 'x-forwarded-for', 'accept-version'),
        oneLine,
      );
      const value = fc.oneof(
        fc.constantFrom('lobsterpot_token=%E0', 'websocket', 'Upgrade', 'chunked', '-1', '1e999', '100-continue'),
        fc.constantFrom('http://evil.example', 'null', `localhost:${serve.port}`, '13', '8', ''),
        oneLine,
      );
      await fuzz(
        fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 8 }), async (headers) => {
          const lines = headers.map(([key, value]) => `${key}: ${value}\r\n`).join('');
          // The fuzzed headers come first: where a name repeats, servers tend to read the first one.
          const request = `GET / HTTP/1.1\r\n${lines}Host: ${serve.host}\r\nCookie: ${serve.cookie}\r\n\r\n`;
          expectAnswered(await serve.raw(request, { end: true }));
          await serve.stillServes();
        }),
      );
    });

    it('cookies', async () => {
      const pair = fc.oneof(
        fc.tuple(fc.constant('lobsterpot_token'), oneLine).map(([key, value]) => `${key}=${value}`),
        fc.constant(`lobsterpot_token=${encodeURIComponent(serve.token)}`),
        oneLine,
      );
      await fuzz(
        fc.asyncProperty(fc.array(pair, { maxLength: 5 }), fc.constantFrom('; ', ';', ','), async (pairs, join) => {
          const response = await serve.get('/', { cookie: pairs.join(join) });
          expectAnswered(response);
          expect(response.status).not.toBeNull();
          await serve.stillServes();
        }),
      );
    });

    it('upgrade targets', async () => {
      const target = fc.oneof(
        oneLine,
        oneLine.map((text) => `/api${text}`),
      );
      await fuzz(
        fc.asyncProperty(target, async (path) => {
          const response = await serve.raw(upgradeRequest(serve, path), { untilClosed: true, end: true });
          expectAnswered(response);
          if (response.status !== 101) expect(response.closed).toBe(true);
          await serve.stillServes();
        }),
      );
    });

    const envelope = fc
      .tuple(
        fc.record(
          {
            id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.bigInt().map(String)),
            command: fc.oneof(
              fc.constantFrom('state.snapshot', 'ports.suggest', 'logs.tail', 'gateway.browserStatus', 'gateway.stop'),
              fc.string(),
            ),
            args: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom('', '"__proto__":{"polluted":1},', '"constructor":{"prototype":{}},'),
      )
      .map(([value, extra]) => JSON.stringify(value).replace(/^\{/, `{${extra}`).replace(/,\}$/, '}'));
    const textMessage = fc.oneof(
      envelope,
      fc.json(),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.anything().map((value) => JSON.stringify(value) ?? 'undefined'),
    );

    /** The socket either answered with a well-formed reply or closed with a fault code; then a command still works. */
    async function expectHandled(client: Awaited<ReturnType<Serve['socket']>>) {
      const outcome = await client.next(2_000);
      if (isClosed(outcome)) expect([1007, 1008, 1009]).toContain(outcome.code);
      else {
        expect(typeof outcome.ok).toBe('boolean');
        if (!outcome.ok) expect(outcome.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        expect((await client.call('state.snapshot', {})).ok).toBe(true);
      }
      await client.close();
      await serve.stillServes();
    }

    it('WebSocket text messages', async () => {
      await fuzz(
        fc.asyncProperty(textMessage, async (message) => {
          const client = await serve.socket();
          client.ws.send(message);
          await expectHandled(client);
        }),
      );
    });

    it('WebSocket binary messages', async () => {
      await fuzz(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
          const client = await serve.socket();
          client.ws.send(bytes, { binary: true });
          await expectHandled(client);
        }),
      );
    });

    it('WebSocket fragmented messages', async () => {
      const valid = fc.constant(JSON.stringify({ id: 1, command: 'state.snapshot', args: {} }));
      const splits = fc.array(fc.nat({ max: 400 }), { minLength: 1, maxLength: 6 });
      await fuzz(
        fc.asyncProperty(fc.oneof(valid, textMessage), splits, fc.boolean(), async (message, cuts, ping) => {
          const client = await serve.socket();
          const points = [...new Set(cuts.map((cut) => cut % (message.length + 1)))].sort((a, b) => a - b);
          const parts = [0, ...points].map((from, i) => message.slice(from, points[i] ?? message.length));
          parts.forEach((part, i) => {
            client.ws.send(part, { fin: i === parts.length - 1 });
            if (ping && i < parts.length - 1) client.ws.ping();
          });
          await expectHandled(client);
        }),
      );
    });

    it('WebSocket messages around the payload limit', async () => {
      const size = fc.integer({ min: MAX_MESSAGE_BYTES - 64, max: MAX_MESSAGE_BYTES + 4096 });
      await fuzz(
        fc.asyncProperty(size, fc.integer({ min: 1, max: 4 }), fc.boolean(), async (bytes, pieces, binary) => {
          const client = await serve.socket();
          const step = Math.ceil(bytes / pieces);
          for (let from = 0; from < bytes; from += step)
            client.ws.send(Buffer.alloc(Math.min(step, bytes - from), 0x61), { binary, fin: from + step >= bytes });
          const outcome = await client.next();
          if (bytes > MAX_MESSAGE_BYTES) expect(outcome).toMatchObject({ code: 1009 });
          else expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
          await client.close();
          await serve.stillServes();
        }),
        { numRuns: 24, minRuns: 3 },
      );
    });

    it('raw WebSocket frames', async () => {
      const opcode = fc.oneof(fc.constantFrom(0x0, 0x1, 0x2, 0x8, 0x9, 0xa), fc.integer({ min: 0, max: 15 }));
      const rawFrame = fc
        .tuple(opcode, fc.uint8Array({ maxLength: 200 }), fc.boolean(), fc.boolean(), fc.nat({ max: 7 }))
        .map(([code, payload, fin, mask, reserved]) => {
          const bytes = frame(code, Buffer.from(payload), { fin, mask });
          bytes[0] = (bytes[0] as number) | (reserved << 4);
          return bytes;
        });
      await fuzz(
        fc.asyncProperty(
          fc.array(fc.oneof(rawFrame, fc.uint8Array({ maxLength: 64 }).map(Buffer.from))),
          async (frames) => {
            const request = Buffer.from(upgradeRequest(serve, '/api'), 'latin1');
            const response = await serve.raw([request, ...frames], { untilClosed: true, end: true });
            expect(response.status).toBe(101);
            expect(response.closed).toBe(true);
            await serve.stillServes();
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  it('is still running after all of it, with nothing uncaught on its stderr', () => {
    expect(serve.exit).toBeNull();
    expect(serve.stderr).not.toMatch(/uncaught|unhandled|Error:|TypeError|RangeError|\n\s+at /i);
    // What serve logs for a 500 or a failed WebSocket handler.
    expect(serve.stderr).not.toContain('lobsterpot serve:');
  });
});
