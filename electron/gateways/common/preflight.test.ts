import { describe, expect, it } from 'vitest';
import { configRefusal, portVerdict, type ConfigFacts, type PortFacts } from './preflight.ts';

const config = (over: Partial<ConfigFacts> = {}): ConfigFacts => ({
  name: 'alpha',
  configured: true,
  configError: null,
  readable: true,
  port: 21000,
  dev: false,
  suggest: () => 21240,
  ...over,
});

const ports = (over: Partial<PortFacts> = {}): PortFacts => ({
  name: 'alpha',
  base: 21000,
  holder: null,
  blocking: [],
  serviceInstalled: false,
  ...over,
});

describe('preflight: the config', () => {
  it('lets a set-up, readable config with a base port go on', () => {
    expect(configRefusal(config())).toBeNull();
  });

  it('refuses a profile that is not set up, without blocking its state', () => {
    expect(configRefusal(config({ configured: false, configError: 'no openclaw.json' }))).toEqual({
      kind: 'refuse',
      message: 'alpha: no openclaw.json',
    });
  });

  it('refuses a config that does not parse, and leaves the gateway in config-error with the reason', () => {
    const refusal = configRefusal(config({ readable: false, configError: 'JSON5: invalid character' }));
    expect(refusal).toEqual({
      kind: 'refuse',
      message: 'alpha: JSON5: invalid character',
      block: { state: 'config-error', reason: 'JSON5: invalid character' },
    });
    expect(configRefusal(config({ readable: false }))?.block?.reason).toBe('the config cannot be read');
  });

  it('refuses a config without gateway.port (status could not find the gateway), suggesting a port; dev needs none', () => {
    let asked = 0;
    const suggest = () => (asked++, 21240);
    expect(configRefusal(config({ port: null, suggest }))?.message).toBe(
      'alpha has no gateway.port in its config: a gateway started without it is not found by status. Set its base port first (suggested: 21240).',
    );
    expect(asked).toBe(1);
    expect(configRefusal(config({ port: null, dev: true, suggest }))).toBeNull();
    // The suggestion is only worked out for the refusal that shows it.
    configRefusal(config({ suggest }));
    expect(asked).toBe(1);
  });
});

describe('preflight: the ports, once nothing of this profile was found running', () => {
  it('refuses a taken base port as port-blocked, citing the holder by pid so it can be unblocked once it is gone', () => {
    const verdict = portVerdict(ports({ holder: { port: 21000, pid: 4242, command: 'nc' } }));
    expect(verdict).toEqual({
      kind: 'refuse',
      message: 'alpha: port 21000 is already in use by pid 4242 (nc)',
      block: { state: 'port-blocked', reason: 'port 21000 is already in use by pid 4242 (nc)' },
      holder: { pid: 4242, port: 21000 },
    });
  });

  it('names no pid it does not know (another user’s process), and cites no holder then', () => {
    const verdict = portVerdict(ports({ holder: { port: 21000, pid: null, command: null } }));
    expect(verdict).toMatchObject({ message: 'alpha: port 21000 is already in use by another process' });
    expect(verdict).not.toHaveProperty('holder');
  });

  it('refuses on error findings with each one’s fix, without blocking the state', () => {
    const blocking = [
      { kind: 'same-port', severity: 'error', profiles: ['alpha', 'beta'], ports: [21002], message: 'm1', fix: 'f1' },
      { kind: 'live-listener', severity: 'error', profiles: ['alpha'], ports: [21005], message: 'm2', fix: 'f2' },
    ] as PortFacts['blocking'];
    expect(portVerdict(ports({ blocking }))).toEqual({ kind: 'refuse', message: 'alpha: m1 — f1; m2 — f2' });
  });

  it('starts the OS service when one is installed, else spawns', () => {
    expect(portVerdict(ports({ serviceInstalled: true }))).toEqual({ kind: 'service' });
    expect(portVerdict(ports())).toEqual({ kind: 'spawn' });
  });

  it('a holder on the base port comes before the findings (the refusal says who holds it)', () => {
    const blocking = [
      { kind: 'same-port', severity: 'error', profiles: ['alpha'], ports: [21002], message: 'm', fix: 'f' },
    ] as PortFacts['blocking'];
    const verdict = portVerdict(ports({ holder: { port: 21000, pid: 7, command: null }, blocking }));
    expect(verdict).toMatchObject({
      block: { state: 'port-blocked' },
      message: 'alpha: port 21000 is already in use by pid 7',
    });
  });
});
