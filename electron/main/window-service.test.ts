import { describe, expect, it } from 'vitest';
import type { LobsterpotEvent } from '../contract/contract.ts';
import { WARNINGS_KEPT, WindowService, type WindowHandle } from './window-service.ts';

/** A window that records what it is asked; `ready()`, `loaded()` and `close()` play the browser's part. */
function fakeWindow() {
  const calls: string[] = [];
  const sent: LobsterpotEvent[] = [];
  const listeners = { closed: [] as (() => void)[], ready: [] as (() => void)[], loaded: [] as (() => void)[] };
  let destroyed = false;
  let minimized = false;
  const handle: WindowHandle = {
    load: async (url) => void calls.push(`load ${url}`),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
    restore: () => void calls.push('restore'),
    isMinimized: () => minimized,
    isDestroyed: () => destroyed,
    send: (event) => void sent.push(event),
    onClosed: (listener) => void listeners.closed.push(listener),
    onceReadyToShow: (listener) => void listeners.ready.push(listener),
    onLoaded: (listener) => void listeners.loaded.push(listener),
  };
  return {
    handle,
    calls,
    sent,
    minimize: () => (minimized = true),
    ready: () => listeners.ready.forEach((listener) => listener()),
    loaded: () => listeners.loaded.forEach((listener) => listener()),
    close: () => {
      destroyed = true;
      listeners.closed.forEach((listener) => listener());
    },
  };
}

function setup(activated?: string[]) {
  const windows: ReturnType<typeof fakeWindow>[] = [];
  const logged: string[] = [];
  const service = new WindowService({
    ...(activated ? { activateApp: () => void activated.push('activate') } : {}),
    createWindow: () => {
      const window = fakeWindow();
      windows.push(window);
      return window.handle;
    },
    pageUrl: (hash) => `file:///app/index.html${hash ? `#${hash}` : ''}`,
    log: (message) => void logged.push(message),
  });
  return { service, windows, logged };
}

describe('window service', () => {
  it('creates the window once and shows it when ready', () => {
    const { service, windows } = setup();
    service.show();
    expect(windows).toHaveLength(1);
    expect(windows[0]?.calls).toEqual(['load file:///app/index.html']);
    windows[0]?.ready();
    expect(windows[0]?.calls).toEqual(['load file:///app/index.html', 'show', 'focus']);
  });

  it('focuses the one window on a second instance or activate, restoring it if minimized', () => {
    const { service, windows } = setup();
    service.show();
    windows[0]?.minimize();
    service.show();
    service.show();
    expect(windows).toHaveLength(1);
    expect(windows[0]?.calls.slice(1)).toEqual(['restore', 'show', 'focus', 'restore', 'show', 'focus']);
  });

  it('opens a new window after the old one was closed', () => {
    const { service, windows } = setup();
    service.show();
    windows[0]?.close();
    expect(service.current).toBeNull();
    service.show();
    expect(windows).toHaveLength(2);
  });

  it('deep-links to a profile’s logs, in a new or in the open window', () => {
    const { service, windows } = setup();
    service.show('alpha');
    expect(windows[0]?.calls).toEqual(['load file:///app/index.html#logs/alpha']);
    service.show('beta');
    expect(windows).toHaveLength(1);
    expect(windows[0]?.calls.at(-1)).toBe('load file:///app/index.html#logs/beta');
    // Another host's profile of the same name is another profile: the link names the host.
    service.show('alpha', 'vps');
    expect(windows[0]?.calls.at(-1)).toBe('load file:///app/index.html#logs/vps/alpha');
  });

  it('passes core events to the open window only', () => {
    const { service, windows } = setup();
    const event: LobsterpotEvent = { type: 'profile-removed', name: 'alpha' };
    service.send(event);
    service.show();
    service.send(event);
    expect(windows[0]?.sent).toEqual([event]);
  });

  it('tells a window, at each load, the warnings raised before it listened', () => {
    const { service, windows } = setup();
    service.remember(['Settings could not be read; the defaults were loaded.']);
    service.warn('macOS asks you to allow Lobsterpot in Login Items.');
    service.show();
    windows[0]?.loaded();
    expect(windows[0]?.sent.map((event) => event.type === 'warning' && event.message)).toEqual([
      'Settings could not be read; the defaults were loaded.',
      'macOS asks you to allow Lobsterpot in Login Items.',
    ]);
  });

  it('keeps only the last warnings', () => {
    const { service, windows } = setup();
    for (let i = 0; i < WARNINGS_KEPT + 3; i++) service.warn(`warning ${i}`);
    service.show();
    windows[0]?.loaded();
    expect(windows[0]?.sent).toHaveLength(WARNINGS_KEPT);
    expect(windows[0]?.sent[0]).toEqual({ type: 'warning', message: 'warning 3' });
  });

  it('logs a load that fails instead of leaving a rejected promise', async () => {
    const logged: string[] = [];
    const service = new WindowService({
      createWindow: () => ({ ...fakeWindow().handle, load: () => Promise.reject(new Error('ERR_FILE_NOT_FOUND')) }),
      pageUrl: () => 'file:///missing.html',
      log: (message) => void logged.push(message),
    });
    service.show();
    await expect.poll(() => logged).toEqual(['window: ERR_FILE_NOT_FOUND']);
  });
});

describe('defect 5: a window a person asked for comes to the front on macOS', () => {
  it('activates the app before focusing a new window and an open one', () => {
    const activated: string[] = [];
    const { service, windows } = setup(activated);
    service.show();
    expect(activated).toEqual([]);
    windows[0]?.ready();
    expect(activated).toEqual(['activate']);
    service.show('alpha');
    expect(activated).toEqual(['activate', 'activate']);
  });
});
