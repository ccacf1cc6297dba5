/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { STATES, statesWhere, type StateTraits } from './states.ts';
import type { GatewayState } from './status.ts';

/** Every source file of the core, the CLI, the tray and the window, read by Vite (the contract is pure: no Node here). */
const SOURCES: Record<string, string> = import.meta.glob<string>(
  [
    '/electron/**/*.{ts,tsx}',
    '/renderer/src/**/*.{ts,tsx}',
    '!**/*.test.{ts,tsx}',
    '!**/node_modules/**',
    '!/electron/contract/states.ts',
  ],
  { query: '?raw', import: 'default', eager: true },
);

const NAMES = Object.keys(STATES).join('|');
const NAME = String.raw`'(?:${NAMES})'`;
// One subject compared with state names: `state === 'ready' || state === 'external'` (or `!==` … `&&`).
const CHAIN = new RegExp(
  String.raw`([\w.?]+)\s*===\s*${NAME}(?:\s*\|\|\s*\1\s*===\s*${NAME})+|([\w.?]+)\s*!==\s*${NAME}(?:\s*&&\s*\2\s*!==\s*${NAME})+`,
  'g',
);
// An array of state names. A chain or an array is a hand-spelled group when its names are one of the table's groups.
const LIST = new RegExp(String.raw`\[\s*${NAME}(?:\s*,\s*${NAME})+\s*,?\s*\]`, 'g');
const TRAITS = ['running', 'up', 'healthy', 'applies', 'settled', 'failing', 'notifies'] as const;
const key = (states: readonly string[]) => [...states].sort().join(',');
const GROUPS = new Set(TRAITS.map((trait) => key(statesWhere(trait))));

describe('gateway states', () => {
  it('a group of states is spelled by hand (`state === "ready" || state === "external"`): every one comes from contract/states.ts', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(100);
    const names = (text: string) => (text.match(/'[^']+'/g) ?? []).map((s) => s.slice(1, -1));
    const spelled = Object.entries(SOURCES).flatMap(([file, source]) =>
      [...source.matchAll(CHAIN), ...source.matchAll(LIST)]
        .filter((m) => GROUPS.has(key(names(m[0]))))
        .map((m) => `${file}: ${m[0]}`),
    );
    expect(spelled, 'read the group from STATES / statesWhere').toEqual([]);
  });

  it('the scan finds a hand-spelled group', () => {
    expect("g.state === 'ready' || g.state === 'external'".match(CHAIN)?.[0]).toBe(
      "g.state === 'ready' || g.state === 'external'",
    );
    expect(GROUPS.has(key(['ready', 'external']))).toBe(true);
    expect("['ready', 'degraded', 'external']".match(LIST)?.length).toBe(1);
    expect(GROUPS.has(key(['ready', 'degraded', 'external']))).toBe(true);
  });

  it('every state has every trait', () => {
    for (const state of Object.keys(STATES) as GatewayState[])
      expect(Object.keys(STATES[state]).sort()).toEqual([...TRAITS, 'tone' satisfies keyof StateTraits].sort());
  });
});
