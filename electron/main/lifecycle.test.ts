import { describe, expect, it } from 'vitest';
import { Lifecycle, StartupRefusal, type Running } from './lifecycle.ts';

function setup() {
  const done: string[] = [];
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  const lifecycle = new Lifecycle({
    whenReady: () => whenReady,
    exit: (code) => void done.push(`exit ${code}`),
    showError: (title, message) => void done.push(`dialog ${title}: ${message.split('\n')[0]}`),
    log: (message) => void done.push(`log ${message.split('\n')[0]}`),
  });
  const running = (close: () => Promise<void> = async () => void done.push('close')): Running => ({
    showWindow: () => void done.push('window'),
    close,
  });
  return { done, lifecycle, ready, running };
}

const quitEvent = () => {
  const event = { prevented: 0, preventDefault: () => event.prevented++ };
  return event;
};

describe('startup', () => {
  it('waits for ready, then runs', async () => {
    const { done, lifecycle, ready, running } = setup();
    const started = lifecycle.start(async () => {
      done.push('startup');
      return running();
    });
    expect(done).toEqual([]);
    ready();
    await started;
    expect(done).toEqual(['startup']);
    expect(lifecycle.phase).toBe('running');
  });

  it('shows a failure in a dialog and exits non-zero, which releases the single-instance lock', async () => {
    const { done, lifecycle, ready } = setup();
    ready();
    await lifecycle.start(async () => {
      throw new Error('EACCES: permission denied, mkdir /home/u/.config/lobsterpot');
    });
    expect(done).toEqual([
      'log startup failed: Error: EACCES: permission denied, mkdir /home/u/.config/lobsterpot',
      'dialog Lobsterpot could not start: EACCES: permission denied, mkdir /home/u/.config/lobsterpot',
      'exit 1',
    ]);
    expect(lifecycle.phase).toBe('failed');
  });

  it('still exits when even the dialog fails', async () => {
    const done: string[] = [];
    const lifecycle = new Lifecycle({
      whenReady: async () => undefined,
      exit: (code) => void done.push(`exit ${code}`),
      showError: () => {
        throw new Error('no display');
      },
      log: (message) => void done.push(message),
    });
    await lifecycle.start(() => Promise.reject(new Error('boom')));
    expect(done.slice(1)).toEqual(['startup failed, and so did its dialog: no display', 'exit 1']);
  });

  it('shows a refusal as it is, without a stack', async () => {
    const { done, lifecycle, ready } = setup();
    ready();
    await lifecycle.start(() =>
      Promise.reject(new StartupRefusal('lobsterpot serve already supervises this HOME: http://127.0.0.1:4242/')),
    );
    expect(done).toContain(
      'dialog Lobsterpot is not starting: lobsterpot serve already supervises this HOME: http://127.0.0.1:4242/',
    );
    expect(done.at(-1)).toBe('exit 1');
  });

  it('serves a second instance that came while starting, once started', async () => {
    const { done, lifecycle, ready, running } = setup();
    const started = lifecycle.start(async () => running());
    lifecycle.secondInstance();
    lifecycle.secondInstance();
    expect(done).toEqual([]);
    ready();
    await started;
    expect(done).toEqual(['window']);
    lifecycle.secondInstance();
    lifecycle.activate();
    expect(done).toEqual(['window', 'window', 'window']);
  });

  it('does not take the launch’s own activate (macOS) for a request to show the window', async () => {
    const { done, lifecycle, ready, running } = setup();
    const started = lifecycle.start(async () => running());
    lifecycle.activate();
    ready();
    await started;
    expect(done).toEqual([]);
  });

  it('ignores a second instance after a failed start', async () => {
    const { done, lifecycle, ready } = setup();
    ready();
    await lifecycle.start(() => Promise.reject(new Error('boom')));
    lifecycle.secondInstance();
    lifecycle.activate();
    expect(done).not.toContain('window');
  });
});

describe('quit', () => {
  it('applies the quit policy once, however often quit is asked, then exits 0', async () => {
    const { done, lifecycle, ready } = setup();
    let finish!: () => void;
    const closing = new Promise<void>((resolve) => (finish = resolve));
    ready();
    await lifecycle.start(async () => ({
      showWindow: () => undefined,
      close: () => {
        done.push('close');
        return closing;
      },
    }));
    const first = quitEvent();
    const second = quitEvent();
    lifecycle.beforeQuit(first);
    lifecycle.beforeQuit(second);
    expect(first.prevented + second.prevented).toBe(2);
    expect(done).toEqual(['close']);
    finish();
    await expect.poll(() => done).toEqual(['close', 'exit 0']);
  });

  it('waits for a startup in progress, then quits', async () => {
    const { done, lifecycle, ready, running } = setup();
    const started = lifecycle.start(async () => running());
    lifecycle.beforeQuit(quitEvent());
    ready();
    await started;
    await expect.poll(() => done).toEqual(['close', 'exit 0']);
  });

  it('exits non-zero when the quit policy fails', async () => {
    const { done, lifecycle, ready, running } = setup();
    ready();
    await lifecycle.start(async () => running(() => Promise.reject(new Error('stop timed out'))));
    lifecycle.beforeQuit(quitEvent());
    await expect.poll(() => done.at(-1)).toBe('exit 1');
    expect(done[0]).toMatch(/^log quit: Error: stop timed out/);
  });

  it('lets a failed startup quit without holding it', async () => {
    const { lifecycle, ready } = setup();
    ready();
    await lifecycle.start(() => Promise.reject(new Error('boom')));
    const event = quitEvent();
    lifecycle.beforeQuit(event);
    expect(event.prevented).toBe(0);
  });
});

describe('defect 12: the end of the session (shutdown, log-off)', () => {
  it('holds the end and applies the quit policy once, then exits 0', async () => {
    const { done, lifecycle, ready, running } = setup();
    ready();
    await lifecycle.start(async () => running());
    const event = quitEvent();
    lifecycle.endOfSession(event);
    lifecycle.endOfSession(event);
    lifecycle.beforeQuit(quitEvent());
    await expect.poll(() => done).toContain('exit 0');
    expect(event.prevented).toBe(2);
    expect(done.filter((entry) => entry === 'close')).toHaveLength(1);
  });

  it('works without an event to hold (Windows session-end) and while starting', async () => {
    const { done, lifecycle, ready, running } = setup();
    const started = lifecycle.start(async () => running());
    lifecycle.endOfSession();
    ready();
    await started;
    await expect.poll(() => done).toEqual(['close', 'exit 0']);
  });
});
