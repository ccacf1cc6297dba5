import { describe, expect, it } from 'vitest';
import { activeWorkOf } from './probes.ts';

describe('activeWorkOf', () => {
  it("does not count Lobsterpot's own preflight request as active work (it warned on every idle stop)", () => {
    // What OpenClaw 2026.9.6 answers to gateway.restart.preflight on an idle gateway: the request itself is counted.
    const idle = {
      safe: false,
      counts: { rootRequests: 1, totalActive: 1 },
      blockers: [{ kind: 'root-request', count: 1, message: '1 active gateway request(s): gateway.restart.preflight' }],
      summary: 'restart deferred: 1 active gateway request(s)',
    };
    expect(activeWorkOf(idle)).toBeNull();
    expect(activeWorkOf({ safe: false, counts: { rootRequests: 1, totalActive: 1 } })).toBeNull();
  });

  it('reports the work that is not ours', () => {
    expect(
      activeWorkOf({
        safe: false,
        counts: { rootRequests: 2, embeddedRuns: 1, totalActive: 3 },
        blockers: [
          { kind: 'root-request', count: 2, message: '2 active gateway request(s)' },
          { kind: 'embedded-run', count: 1, message: '1 active embedded run(s)' },
        ],
      }),
    ).toBe('1 active gateway request(s); 1 active embedded run(s)');
    expect(activeWorkOf({ safe: true })).toBeNull();
    expect(activeWorkOf(null)).toBeNull();
  });
});
