import { describe, expect, it } from 'vitest';
import { CommandError, SocketTransport, type ConnectionStatus, type SocketLike, type Timers } from './transport.ts';

/** Timers on a clock that moves only when told to. */
class FakeClock implements Timers {
  now = 0;
  #next = 0;
  readonly #due = new Map<number, { at: number; run: () => void }>();
  setTimeout(run: () => void, ms: number): unknown {
    const handle = ++this.#next;
    this.#due.set(handle, { at: this.now + ms, run });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const [handle, timer] = [...this.#due].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (handle === undefined || !timer || timer.at > until) break;
      this.#due.delete(handle);
      this.now = timer.at;
      timer.run();
    }
    this.now = until;
  }
}

class FakeSocket implements SocketLike {
  readonly sent: string[] = [];
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: ((close: { code: number; reason: string }) => void) | null = null;
  send(data: string) {
    if (this.closed) throw new Error('InvalidStateError');
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  // What the server does:
  accept() {
    this.onopen?.();
  }
  reply(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006, reason = '') {
    this.closed = true;
    this.onclose?.({ code, reason });
  }
  lastId(): number {
    return (JSON.parse(this.sent.at(-1) ?? '{}') as { id: number }).id;
  }
}

function setup(options: { waitMs?: number; silenceMs?: number } = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const transport = new SocketTransport({
    open: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    timers: clock,
    waitMs: options.waitMs ?? 5_000,
    silenceMs: options.silenceMs ?? 1_800,
    backoff: { initialMs: 250, maxMs: 5_000 },
  });
  const statuses: ConnectionStatus[] = [];
  transport.onStatus((status) => statuses.push(status));
  const socket = () => sockets.at(-1) as FakeSocket;
  return { clock, sockets, socket, transport, statuses };
}

/** Whether a promise has settled, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  const marker = Symbol();
  const outcome = await Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    marker,
  ]);
  return outcome === marker ? 'pending' : (outcome as 'resolved' | 'rejected');
}

describe('SocketTransport', () => {
  it('sends a command once open and resolves with its result, or rejects with its error', async () => {
    const { socket, transport } = setup();
    socket().accept();
    const started = transport.invoke('gateway.start', { name: 'a' });
    expect(JSON.parse(socket().sent[0] ?? '')).toEqual({ id: 1, command: 'gateway.start', args: { name: 'a' } });
    socket().reply({ id: 1, ok: true, result: { state: 'ready' } });
    await expect(started).resolves.toEqual({ state: 'ready' });

    const refused = transport.invoke('gateway.start', { name: '../x' });
    socket().reply({ id: 2, ok: false, error: { code: 'invalid-argument', message: 'name: no' } });
    await expect(refused).rejects.toMatchObject({ code: 'invalid-argument', message: 'name: no' });
    await expect(refused).rejects.toBeInstanceOf(CommandError);
  });

  it('holds a command sent while connecting and sends it on open', async () => {
    const { clock, socket, transport } = setup();
    const snapshot = transport.invoke('state.snapshot', {});
    clock.advance(1_000);
    expect(socket().sent).toEqual([]);
    socket().accept();
    expect(socket().sent).toHaveLength(1);
    socket().reply({ id: 1, ok: true, result: 'snap' });
    await expect(snapshot).resolves.toBe('snap');
  });

  it('fails a command with "not connected" when the connection does not come back in time, never hangs', async () => {
    const { clock, socket, transport } = setup({ waitMs: 5_000 });
    socket().accept();
    socket().drop();
    const stop = transport.invoke('gateway.stop', { name: 'a' });
    clock.advance(4_999);
    expect(await settled(stop)).toBe('pending');
    clock.advance(1);
    await expect(stop).rejects.toMatchObject({ code: 'not-connected', message: /^not connected to Lobsterpot/ });
  });

  it('sends a command that waited through a reconnect once the new socket opens', async () => {
    const { clock, sockets, socket, transport } = setup();
    socket().accept();
    socket().drop();
    const stop = transport.invoke('gateway.stop', { name: 'a' });
    clock.advance(250);
    expect(sockets).toHaveLength(2);
    socket().accept();
    socket().reply({ id: socket().lastId(), ok: true, result: 'stopped' });
    await expect(stop).resolves.toBe('stopped');
  });

  it('fails the commands in flight when the socket closes: their outcome is unknown', async () => {
    const { socket, transport } = setup();
    socket().accept();
    const start = transport.invoke('gateway.start', { name: 'a' });
    socket().drop();
    await expect(start).rejects.toMatchObject({ code: 'not-connected', message: /lost before the reply/ });
  });

  it('reports the loss at once, with the server’s reason, and reconnects with backoff', () => {
    const { clock, sockets, socket, statuses } = setup();
    socket().accept();
    socket().drop(1001, 'Lobsterpot is shutting down');
    expect(statuses.at(-1)).toEqual({ state: 'lost', reason: 'Lobsterpot is shutting down', opened: 1 });
    const attemptsAt: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = sockets.length;
      while (sockets.length === before) clock.advance(50);
      attemptsAt.push(clock.now);
      socket().drop();
    }
    const gaps = attemptsAt.map((at, i) => at - (attemptsAt[i - 1] ?? 0));
    expect(gaps).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('counts a silent connection as lost within 2 s, and as open again (same socket) when a frame comes', () => {
    const { clock, sockets, socket, statuses } = setup({ silenceMs: 1_800 });
    socket().accept();
    clock.advance(900);
    socket().reply({ heartbeat: true });
    clock.advance(1_799);
    expect(statuses.at(-1)?.state).toBe('open');
    clock.advance(1);
    expect(statuses.at(-1)).toMatchObject({ state: 'lost', reason: /no word from Lobsterpot/, opened: 1 });
    socket().reply({ heartbeat: true });
    expect(statuses.at(-1)).toEqual({ state: 'open', reason: null, opened: 1 });
    expect(sockets).toHaveLength(1);
  });

  it('reconnects at once when asked, and starts the backoff over', () => {
    const { clock, sockets, socket, transport } = setup();
    socket().accept();
    for (let i = 0; i < 4; i++) {
      socket().drop();
      clock.advance(10_000);
    }
    const before = sockets.length;
    socket().drop();
    transport.reconnect();
    expect(sockets).toHaveLength(before + 1);
    socket().drop();
    clock.advance(250);
    expect(sockets).toHaveLength(before + 2);
  });

  it('hands events to listeners and ignores frames it cannot read', () => {
    const { socket, transport } = setup();
    const events: unknown[] = [];
    transport.on((event) => events.push(event));
    socket().accept();
    socket().onmessage?.({ data: 'not json' });
    socket().onmessage?.({ data: 'null' });
    socket().reply({ id: 99, ok: true, result: 1 });
    socket().reply({ ok: false, error: { code: 'invalid-argument', message: 'message: must be JSON' } });
    socket().reply({ event: { type: 'warning', message: 'hi' } });
    expect(events).toEqual([{ type: 'warning', message: 'hi' }]);
  });
});
