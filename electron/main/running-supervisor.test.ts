import { describe, expect, it } from 'vitest';
import type { SupervisorInfo } from '../supervisor/node/control.ts';
import { trustedWindowUrl, type EndpointFacts } from './running-supervisor.ts';

const hello: SupervisorInfo = {
  pid: 4242,
  kind: 'serve',
  url: 'http://127.0.0.1:41234/?token=t',
  endpoint: '/tmp/lobsterpot-0123456789abcdef.sock',
  since: 1,
};
const facts = (overrides: Partial<EndpointFacts> = {}): EndpointFacts => ({
  platform: 'linux',
  uid: 1000,
  socketOwner: 1000,
  recorded: hello,
  ...overrides,
});

describe("defect 8: another supervisor's window is opened only when its hello is proven ours", () => {
  it('opens the URL the data dir recorded, from a socket this user owns', () => {
    expect(trustedWindowUrl(hello, facts())).toBe(hello.url);
  });

  it('refuses a squatted socket (another owner), a hello the record does not confirm, a non-loopback URL', () => {
    expect(trustedWindowUrl(hello, facts({ socketOwner: 1001 }))).toBeNull();
    expect(trustedWindowUrl(hello, facts({ socketOwner: null }))).toBeNull();
    expect(trustedWindowUrl(hello, facts({ recorded: null }))).toBeNull();
    expect(trustedWindowUrl(hello, facts({ recorded: { ...hello, pid: 1 } }))).toBeNull();
    expect(trustedWindowUrl({ ...hello, url: 'http://127.0.0.1:9/' }, facts())).toBeNull();
    const remote = { ...hello, url: 'https://evil.example/' };
    expect(trustedWindowUrl(remote, facts({ recorded: remote }))).toBeNull();
    expect(trustedWindowUrl({ ...hello, url: null }, facts())).toBeNull();
  });

  it('on Windows, where a named pipe has no owner to read, the owner-only record decides', () => {
    expect(trustedWindowUrl(hello, facts({ platform: 'win32', uid: null, socketOwner: null }))).toBe(hello.url);
    const squatted = { ...hello, pid: 666, url: 'http://127.0.0.1:1/' };
    expect(trustedWindowUrl(squatted, facts({ platform: 'win32', uid: null, socketOwner: null }))).toBeNull();
  });
});
