import { describe, expect, it } from 'vitest';
import type { GatewayStatus, LobsterpotEvent } from '../contract/contract.ts';
import { gatewayStatus } from '../contract/fixtures.ts';
import { NotificationService, type Notice } from './notifications.ts';

const state = (profile: string, value: GatewayStatus['state'], reason: string | null = null): LobsterpotEvent => ({
  type: 'gateway-state',
  status: gatewayStatus(profile, 20000, {
    state: value,
    reason,
    lastExit: { code: null, signal: 'SIGKILL', meaning: 'killed (SIGKILL)', at: 0 },
  }),
});

function setup(supported = true) {
  const shown: { notice: Notice; click: () => void }[] = [];
  const opened: string[] = [];
  const service = new NotificationService({
    isSupported: () => supported,
    show: (notice, click) => void shown.push({ notice, click }),
    showLogs: (profile) => void opened.push(`logs ${profile}`),
    showWindow: () => void opened.push('window'),
  });
  return { service, shown, opened };
}

describe('notifications', () => {
  it('tells of a crash once, and its click opens that profile’s logs', () => {
    const { service, shown, opened } = setup();
    service.handle(state('alpha', 'starting'));
    service.handle(state('alpha', 'ready'));
    service.handle(state('alpha', 'restarting', 'restarting in 1.0 s'));
    service.handle(state('alpha', 'restarting', 'restarting in 1.0 s'));
    expect(shown.map((s) => s.notice)).toEqual([
      { title: 'alpha: crashed (killed (SIGKILL)), restarting', body: 'restarting in 1.0 s', action: 'Show logs' },
    ]);
    shown[0]?.click();
    expect(opened).toEqual(['logs alpha']);
  });

  it('follows each profile apart', () => {
    const { service, shown } = setup();
    service.handle(state('alpha', 'port-blocked', 'port 40000 is in use by pid 9'));
    service.handle(state('beta', 'config-error'));
    expect(shown.map((s) => s.notice.title)).toEqual(['alpha: port-blocked', 'beta: config-error']);
  });

  it('does not announce what was already so at startup', () => {
    const { service, shown } = setup();
    service.seed([gatewayStatus('alpha', 20000, { state: 'crash-looping' })]);
    service.handle(state('alpha', 'crash-looping'));
    expect(shown).toEqual([]);
  });

  it('forgets a removed profile, so a new one of that name starts afresh', () => {
    const { service, shown } = setup();
    service.handle(state('alpha', 'port-blocked'));
    service.handle({ type: 'profile-removed', name: 'alpha' });
    service.handle(state('alpha', 'port-blocked'));
    expect(shown).toHaveLength(2);
  });

  it('passes the core’s warnings on; their click opens the window', () => {
    const { service, shown, opened } = setup();
    service.handle({ type: 'warning', message: 'Settings could not be read; the defaults were loaded.' });
    expect(shown[0]?.notice).toEqual({
      title: 'Lobsterpot',
      body: 'Settings could not be read; the defaults were loaded.',
      action: 'Open Lobsterpot',
    });
    shown[0]?.click();
    expect(opened).toEqual(['window']);
  });

  it('stays silent where the system has no notifications', () => {
    const { service, shown } = setup(false);
    service.handle(state('alpha', 'crash-looping'));
    expect(shown).toEqual([]);
  });
});
