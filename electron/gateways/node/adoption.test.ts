import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatePid, decideAdoption, isOpenClawGatewayArgv, type AdoptionFacts } from './adoption.ts';

const stateDir = '/home/user/.openclaw-t';
const configPath = `${stateDir}/openclaw.json`;
const footprint = (base: number) => Array.from({ length: 111 }, (_, i) => base + i);

/**
 * The facts of a real gateway (OpenClaw 2026.9.6, `--profile t gateway run`, Linux) as read on a live one: its
 * /proc cmdline is the title alone, and the lock's startTime is /proc stat field 22 of the same pid.
 */
const realGateway = (): AdoptionFacts => ({
  profile: 't',
  stateDir,
  configPath,
  expectedPorts: footprint(21400),
  lock: { pid: 7045, startTime: 24085, port: 21400, configPath, stateDir },
  record: null,
  process: { pid: 7045, startTime: 24085, argv: ['openclaw-gateway'], pgid: 7032 },
  listeners: [
    { port: 21400, pid: 7045 },
    { port: 21402, pid: 7045 },
  ],
});

describe('decideAdoption', () => {
  it('adopts a real gateway from its lock, on the port it listens on', () => {
    expect(decideAdoption(realGateway())).toEqual({
      kind: 'adopt',
      pid: 7045,
      port: 21400,
      owner: 'external',
      evidence: [
        'pid 7045 started at 24085, as the lock says',
        "its command line 'openclaw-gateway' is an OpenClaw gateway",
        'it listens on 21400, 21402',
      ],
    });
  });

  it("calls it Lobsterpot's own when the run record matches the pid and its start time", () => {
    const facts = {
      ...realGateway(),
      record: {
        pid: 7045,
        startTime: 24085,
        argv: ['/usr/bin/node', '/x/openclaw.mjs', '--profile', 't', 'gateway', 'run'],
      },
    };
    expect(decideAdoption(facts)).toMatchObject({ kind: 'adopt', owner: 'lobsterpot' });
    expect(decideAdoption({ ...facts, lock: null })).toMatchObject({ kind: 'adopt', owner: 'lobsterpot', port: 21400 });
  });

  it("defect 1: a gateway just spawned, still titled `openclaw`, was judged stale, its record cleared, then adopted as another's", () => {
    // The second of two `lobsterpot start` looked in the first second: no lock yet, and OpenClaw's first title.
    const starting: AdoptionFacts = {
      ...realGateway(),
      lock: null,
      record: { pid: 7045, startTime: 24085 },
      process: { pid: 7045, startTime: 24085, argv: ['openclaw'], pgid: 7045 },
      listeners: [],
    };
    expect(decideAdoption(starting)).toMatchObject({ kind: 'adopt', pid: 7045, owner: 'lobsterpot', port: null });
    // Without Lobsterpot's own record of the spawn the title proves nothing: any OpenClaw command has it.
    const lockOnly = { ...starting, record: null, lock: realGateway().lock };
    expect(decideAdoption(lockOnly)).toMatchObject({
      kind: 'stale',
      why: expect.stringContaining('not an OpenClaw gateway'),
    });
    // Nor with a record whose start time is not this process's (the pid was reused by an OpenClaw command).
    const reused = { ...starting, record: { pid: 7045, startTime: 24000 } };
    expect(decideAdoption(reused)).toMatchObject({ kind: 'stale', why: expect.stringContaining('the pid was reused') });
    // And the title must be OpenClaw's first one alone, not any command line.
    const other = { ...starting, process: { ...starting.process!, argv: ['openclaw', 'status'] } };
    expect(decideAdoption(other)).toMatchObject({ kind: 'stale' });
  });

  it("never takes a `sleep` that now has the lock's pid (pid reuse after a crash or a reboot) for the gateway", () => {
    const facts: AdoptionFacts = {
      ...realGateway(),
      process: { pid: 7045, startTime: 3_100_200, argv: ['sleep', '300'], pgid: 7045 },
      listeners: [],
    };
    expect(decideAdoption(facts)).toEqual({
      kind: 'stale',
      pid: 7045,
      why: 'pid 7045 started at 3100200, not at 24085 as the lock says: the pid was reused',
    });
    // Even a `sleep` that happened to start in the same tick is not a gateway.
    const sameTick = { ...facts, process: { ...facts.process!, startTime: 24085 } };
    expect(decideAdoption(sameTick)).toMatchObject({
      kind: 'stale',
      why: "pid 7045 runs 'sleep 300', not an OpenClaw gateway",
    });
  });

  it('keeps the port a gateway started on after the config moved it (a hot reload keeps the old port)', () => {
    expect(decideAdoption({ ...realGateway(), expectedPorts: footprint(21600) })).toMatchObject({
      kind: 'adopt',
      port: 21400,
    });
  });

  it('reads the port from the listener when the lock has none, and from the lock while it does not listen yet', () => {
    const facts = realGateway();
    expect(decideAdoption({ ...facts, lock: { ...facts.lock!, port: null } })).toMatchObject({ port: 21400 });
    expect(decideAdoption({ ...facts, listeners: [] })).toMatchObject({ kind: 'adopt', port: 21400 });
  });

  it('is stale when the pid is gone, the lock was copied from another profile, or no start time was recorded', () => {
    const facts = realGateway();
    expect(decideAdoption({ ...facts, process: null })).toEqual({
      kind: 'stale',
      pid: 7045,
      why: 'no process 7045 runs any more',
    });
    const copied = {
      ...facts.lock!,
      stateDir: '/home/user/.openclaw-main',
      configPath: '/home/user/.openclaw-main/openclaw.json',
    };
    expect(decideAdoption({ ...facts, lock: copied })).toMatchObject({ kind: 'stale' });
    expect(decideAdoption({ ...facts, lock: { ...facts.lock!, startTime: null } })).toMatchObject({
      kind: 'stale',
      why: 'no start time was recorded for pid 7045, so a reused pid cannot be told apart',
    });
  });

  it("is stale when the gateway listens only outside this profile's ports", () => {
    const facts = realGateway();
    expect(
      decideAdoption({ ...facts, listeners: [{ port: 30000, pid: 7045 }], lock: { ...facts.lock!, port: null } }),
    ).toMatchObject({ kind: 'stale', why: "pid 7045 listens on 30000, none of them this profile's ports" });
  });

  it('refuses the gateway of another profile, by its --profile or the argv Lobsterpot spawned', () => {
    const facts = realGateway();
    const other = { ...facts.process!, argv: ['node', '/x/openclaw.mjs', '--profile', 'main', 'gateway', 'run'] };
    expect(decideAdoption({ ...facts, process: other })).toMatchObject({ kind: 'stale' });
    const record = { pid: 7045, startTime: 24085, argv: ['node', '/x/openclaw.mjs', '--profile', 'main', 'gateway'] };
    expect(decideAdoption({ ...facts, record })).toMatchObject({ kind: 'stale' });
    const asDefault = { ...facts, profile: 'default', process: other };
    expect(decideAdoption(asDefault)).toMatchObject({ kind: 'stale' });
  });

  it('takes a gateway that left no lock and no record only on its own word, given where it listens', () => {
    const facts: AdoptionFacts = {
      ...realGateway(),
      lock: null,
      identity: { port: 21400, configPath },
    };
    expect(candidatePid(facts)).toBe(7045);
    expect(decideAdoption(facts)).toMatchObject({ kind: 'adopt', pid: 7045, port: 21400, owner: 'external' });
    expect(decideAdoption({ ...facts, identity: { port: 21400, configPath: '/elsewhere/openclaw.json' } })).toEqual({
      kind: 'none',
    });
    expect(decideAdoption({ ...facts, identity: null })).toEqual({ kind: 'none' });
  });

  it('decides nothing without a lock, a record or an identity', () => {
    expect(decideAdoption({ ...realGateway(), lock: null })).toEqual({ kind: 'none' });
  });
});

describe('isOpenClawGatewayArgv', () => {
  it('knows the entry, the binary and the title, and checks --profile when there is one', () => {
    expect(isOpenClawGatewayArgv(['openclaw-gateway'], 't')).toBe(true);
    expect(isOpenClawGatewayArgv(['/usr/bin/node', '/x/openclaw.mjs', '--profile', 't', 'gateway', 'run'], 't')).toBe(
      true,
    );
    expect(isOpenClawGatewayArgv(['openclaw', '--profile=t', 'gateway'], 't')).toBe(true);
    expect(isOpenClawGatewayArgv(['C:\\node.exe', 'C:\\oc\\openclaw.mjs', 'gateway', 'run'], 'default')).toBe(true);
    expect(isOpenClawGatewayArgv(['node', 'openclaw.mjs', '--profile', 'T', 'gateway'], 't')).toBe(false);
    expect(isOpenClawGatewayArgv(['node', 'openclaw.mjs', '--profile', 't', 'gateway'], 'default')).toBe(false);
    expect(isOpenClawGatewayArgv(['node', 'openclaw.mjs', '--dev', 'gateway'], 'dev')).toBe(true);
    expect(isOpenClawGatewayArgv(['node', 'openclaw.mjs', 'status'])).toBe(false);
    expect(isOpenClawGatewayArgv(['node', 'gateway.js', 'openclaw'])).toBe(false);
    expect(isOpenClawGatewayArgv(['sleep', '300'])).toBe(false);
    expect(isOpenClawGatewayArgv([])).toBe(false);
  });
});

// Facts around one candidate pid, adoptable or not, with every field free to vary.
const argvArb = fc.oneof(
  fc.constant(['openclaw-gateway']),
  fc.constant(['openclaw']),
  fc.constant(['/usr/bin/node', '/opt/openclaw/openclaw.mjs', '--profile', 't', 'gateway', 'run']),
  fc.array(fc.constantFrom('node', 'sleep', 'gateway', 'openclaw.mjs', '--profile', 't', 'main', 'run', '300'), {
    maxLength: 6,
  }),
);
const startArb = fc.option(fc.integer({ min: 0, max: 50 }), { nil: null });
const factsArb = fc
  .record({
    pid: fc.integer({ min: 2, max: 6 }),
    lockPid: fc.option(fc.integer({ min: 2, max: 6 }), { nil: null }),
    lockStart: startArb,
    lockPort: fc.option(fc.constantFrom(21400, 21600, 30000), { nil: null }),
    recordPid: fc.option(fc.integer({ min: 2, max: 6 }), { nil: null }),
    recordStart: startArb,
    processStart: startArb,
    argv: argvArb,
    alive: fc.boolean(),
    listenPorts: fc.array(fc.constantFrom(21400, 21401, 21600, 30000), { maxLength: 3 }),
    identity: fc.boolean(),
  })
  .map((f): AdoptionFacts => {
    const lock =
      f.lockPid === null ? null : { pid: f.lockPid, startTime: f.lockStart, port: f.lockPort, configPath, stateDir };
    const record = f.recordPid === null ? null : { pid: f.recordPid, startTime: f.recordStart };
    const partial = { lock, record, identity: f.identity ? { port: 21400, configPath } : null };
    const listeners = f.listenPorts.map((port) => ({ port, pid: f.pid }));
    const candidate = candidatePid({ ...partial, listeners }) ?? f.pid;
    return {
      profile: 't',
      stateDir,
      configPath,
      expectedPorts: footprint(21400),
      ...partial,
      process: f.alive ? { pid: candidate, startTime: f.processStart, argv: [...f.argv], pgid: candidate } : null,
      listeners: f.listenPorts.map((port) => ({ port, pid: candidate })),
    };
  });

describe('decideAdoption, for any facts', () => {
  it('never adopts a process whose start time differs from a recorded one', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const decision = decideAdoption(facts);
        if (decision.kind !== 'adopt') return;
        const recorded = [facts.lock, facts.record]
          .filter((entry) => entry?.pid === decision.pid && entry.startTime !== null)
          .map((entry) => entry!.startTime);
        for (const startTime of recorded) expect(facts.process?.startTime).toBe(startTime);
      }),
      { numRuns: 2000 },
    );
  });

  it('never adopts a command line that is not an OpenClaw gateway', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const argv = facts.process?.argv ?? [];
        // OpenClaw's first title passes only when Lobsterpot's record of the spawn names this very process.
        const spawned =
          facts.record !== null &&
          facts.record.pid === facts.process?.pid &&
          facts.record.startTime !== null &&
          facts.record.startTime === facts.process.startTime;
        const gateway =
          argv[0] === 'openclaw-gateway' ||
          (argv.some((arg) => arg.endsWith('openclaw.mjs')) && argv.includes('gateway')) ||
          (spawned && argv.length === 1 && argv[0] === 'openclaw');
        if (!gateway) expect(decideAdoption(facts).kind).not.toBe('adopt');
      }),
      { numRuns: 2000 },
    );
  });

  it('adopts only a live process, only the candidate, and never without some proof of identity', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const decision = decideAdoption(facts);
        if (decision.kind === 'none') {
          // Nothing recorded to forget: at most a listener that did not prove to be this profile's gateway.
          expect(candidatePid(facts) === null || (!facts.lock && !facts.record)).toBe(true);
          return;
        }
        expect(decision.pid).toBe(candidatePid(facts));
        if (decision.kind !== 'adopt') return;
        expect(facts.process?.pid).toBe(decision.pid);
        const startMatches = [facts.lock, facts.record].some(
          (entry) => entry?.pid === decision.pid && entry.startTime !== null,
        );
        expect(startMatches || facts.identity !== null).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds adoptable facts among the generated ones (the properties are not vacuous)', () => {
    const kinds = new Set(fc.sample(factsArb, 3000).map((facts) => decideAdoption(facts).kind));
    expect(kinds).toEqual(new Set(['adopt', 'stale', 'none']));
  });
});
