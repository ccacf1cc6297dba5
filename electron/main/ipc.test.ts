import { describe, expect, it } from 'vitest';
import { commandHandler } from './ipc.ts';

const appUrl = 'app://lobsterpot/index.html';

function setup(open = true) {
  const contents = { id: 1 };
  const replied: unknown[] = [];
  const handle = commandHandler({
    windowContents: () => (open ? contents : null),
    reply: async (command, args) => {
      replied.push([command, args]);
      return { ok: true, result: null };
    },
  });
  return { contents, replied, handle };
}

describe('command IPC', () => {
  it('passes the window’s own page on to the Manager', async () => {
    const { contents, replied, handle } = setup();
    const reply = await handle({ sender: contents, senderFrame: { url: `${appUrl}#logs/alpha` } }, 'gateway.start', {
      name: 'alpha',
    });
    expect(reply).toEqual({ ok: true, result: null });
    expect(replied).toEqual([['gateway.start', { name: 'alpha' }]]);
  });

  it.each([
    ['another web contents', { id: 2 }, appUrl],
    ['another page in the window', 'window', 'https://evil.example/'],
    [
      'a file:// page in the window (the page is served from app:// only)',
      'window',
      'file:///opt/lobsterpot/index.html',
    ],
    ['a frame without URL', 'window', null],
  ])('refuses %s', async (_, sender, url) => {
    const { contents, replied, handle } = setup();
    const reply = await handle(
      { sender: sender === 'window' ? contents : sender, senderFrame: url ? { url } : null },
      'gateway.stopAll',
      {},
    );
    expect(reply).toEqual({ ok: false, error: { code: 'refused', message: 'unknown sender' } });
    expect(replied).toEqual([]);
  });

  it('refuses everything while no window is open', async () => {
    const { replied, handle } = setup(false);
    expect(await handle({ sender: null, senderFrame: { url: appUrl } }, 'state.snapshot', {})).toMatchObject({
      ok: false,
    });
    expect(replied).toEqual([]);
  });
});
