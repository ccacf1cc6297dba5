import { describe, expect, it } from 'vitest';
import { dashboardAccess, handoffOf, tokenDashboard, type DashboardCli } from './dashboard.ts';

// The shape of OpenClaw 2026.9.6's `dashboard --json --no-open` with the gateway up (tokens made up).
const answer = (port: number) => ({
  ok: true,
  url: `http://127.0.0.1:${port}/#token=shared`,
  httpUrl: `http://127.0.0.1:${port}/`,
  wsUrl: `ws://127.0.0.1:${port}`,
  port,
  tokenIncluded: true,
  browserUrl: `http://127.0.0.1:${port}/#bootstrapToken=one-time&bootstrapProfile=owner&gatewayUrl=ws%3A%2F%2F127.0.0.1%3A${port}`,
  browserBootstrapExpiresAtMs: 1_796_597_195_824,
});

describe('the dashboard URL', () => {
  it('opens with OpenClaw’s one-time pairing where its dashboard command gives one, on the running port', async () => {
    const asked: { args: string[]; env: Record<string, string> }[] = [];
    const cli: DashboardCli = async (_profile, args, options) => {
      asked.push({ args, env: options.env });
      return { code: 0, stdout: `${JSON.stringify(answer(21340))}\n`, stderr: '', timedOut: false };
    };
    const access = await dashboardAccess(cli, { profile: 'alpha', port: 21340, token: 'shared' });
    expect(access).toEqual({
      url: 'http://127.0.0.1:21340/',
      token: 'shared',
      openUrl: answer(21340).browserUrl,
      expiresAt: 1_796_597_195_824,
      how: 'handoff',
    });
    expect(asked).toEqual([{ args: ['dashboard', '--json', '--no-open'], env: { OPENCLAW_GATEWAY_PORT: '21340' } }]);
  });

  it('falls back to the token in the fragment: no dashboard verb, a refusal, another port, no gateway serving', async () => {
    const said =
      (stdout: string, code = 0): DashboardCli =>
      async () => ({ code, stdout, stderr: '', timedOut: false });
    const facts = { profile: 'alpha', port: 21340, token: 'a b' };
    const token = tokenDashboard(facts);
    expect(token).toEqual({
      url: 'http://127.0.0.1:21340/',
      token: 'a b',
      openUrl: 'http://127.0.0.1:21340/#token=a%20b',
      expiresAt: null,
      how: 'token',
    });
    expect(await dashboardAccess(said('error: unknown command dashboard', 1), facts)).toEqual(token);
    expect(await dashboardAccess(said('{"ok":false,"reason":"Gateway is not running."}', 1), facts)).toEqual(token);
    expect(await dashboardAccess(said(JSON.stringify(answer(21460))), facts)).toEqual(token);
    expect(await dashboardAccess(null, facts)).toEqual(token);
    expect(tokenDashboard({ port: 21340, token: null }).openUrl).toBe('http://127.0.0.1:21340/');
  });

  it('takes only a loopback pairing link as one', () => {
    expect(
      handoffOf({ ...answer(21340), browserUrl: 'http://evil.example:21340/#bootstrapToken=x' }, 21340),
    ).toBeNull();
    expect(handoffOf({ ...answer(21340), browserUrl: 'http://127.0.0.1:21340/#token=x' }, 21340)).toBeNull();
    expect(handoffOf({ ...answer(21340), browserUrl: 'not a url' }, 21340)).toBeNull();
    expect(handoffOf(answer(21340), 21340)?.expiresAt).toBe(1_796_597_195_824);
  });
});
