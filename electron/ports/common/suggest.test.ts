import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestBasePort } from './conflicts.ts';
import { portProfile as profile } from './fixtures.ts';
import { ephemeralRangeOf } from './ports.ts';
import { nearestFree } from './suggest.ts';

describe('base port suggestion', () => {
  it('keeps the recommended spacing, the defaults and live listeners clear', () => {
    expect(suggestBasePort([], [], { near: 30000 })).toBe(30000);
    expect(suggestBasePort([profile('a', 30000)], [], { near: 30000 })).toBe(30120);
    expect(suggestBasePort([profile('a', 30000)], [], { near: 29950 })).toBe(29880);
    expect(suggestBasePort([], [{ port: 30050, pid: 1, command: null }], { near: 30000 })).toBe(30051);
    expect(suggestBasePort([], [], { near: 18800 })).toBe(18669);
    expect(suggestBasePort([profile('a', 30000)], [], { near: 30000, exclude: 'a' })).toBe(30000);
  });

  it('merges blocked intervals and stays in range', () => {
    expect(
      nearestFree(
        [
          [10, 20],
          [15, 30],
        ],
        12,
        0,
        100,
      ),
    ).toBe(9);
    expect(nearestFree([[0, 50]], 10, 0, 100)).toBe(51);
    expect(nearestFree([[0, 100]], 10, 0, 100)).toBeNull();
  });
});

describe("suggestions and the OS's ephemeral port range", () => {
  const linux = { from: 32768, to: 60999 };

  it('suggested ports land inside the ephemeral range: every derived port of a suggestion stays outside it', () => {
    expect(suggestBasePort([], [], { near: 40000, ephemeral: linux })).toBe(32768 - 110 - 1);
    expect(suggestBasePort([], [], { near: 60000, ephemeral: linux })).toBe(61000);
    expect(suggestBasePort([], [], { near: 32700, ephemeral: linux })).toBe(32657);
    expect(suggestBasePort([], [], { near: 20000, ephemeral: linux })).toBe(20000);
    // macOS and Windows: nothing above 49151 - 110 fits.
    expect(suggestBasePort([], [], { near: 50000, ephemeral: ephemeralRangeOf('darwin') })).toBe(49152 - 111);
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 65425 }), (near) => {
        const base = suggestBasePort([profile('a', 32600)], [], { near, ephemeral: linux });
        return base === null || base + 110 < linux.from || base > linux.to;
      }),
    );
  });
});
