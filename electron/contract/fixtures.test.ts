/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';

/** Every test and spec file, read by Vite (the contract is pure: no Node here). */
const TESTS: Record<string, string> = import.meta.glob<string>(
  [
    '/electron/**/*.test.ts',
    '/renderer/**/*.test.{ts,tsx}',
    '/tests/**/*.test.ts',
    '/e2e/**/*.spec.ts',
    '/scripts/**/*.test.ts',
    '!**/node_modules/**',
    '!/electron/contract/fixtures.test.ts',
  ],
  { query: '?raw', import: 'default', eager: true },
);

/** The contract's types that fixtures.ts builds whole. */
const BUILT = [
  'ProfileView',
  'GatewayStatus',
  'Snapshot',
  'HostView',
  'AuditReport',
  'Uptime',
  'HistoryReport',
  'DoctorRun',
  'BackupResult',
  'RestartAllReport',
  'ExportResult',
  'DashboardAccess',
  'DoctorReport',
];
// An object literal (or a call's object) cast to one of them: `}) as GatewayStatus`, `} as unknown as Snapshot`.
const CAST = new RegExp(String.raw`\}\s*\)?\s*as\s+(unknown\s+as\s+)?(Partial<\s*)?(${BUILT.join('|')})\b`, 'g');

describe('shared test fixtures', () => {
  it('tests cast partial objects to contract types (`{ profile, state } as GatewayStatus`): every one is built whole', () => {
    expect(Object.keys(TESTS).length).toBeGreaterThan(50);
    const casts = Object.entries(TESTS).flatMap(([file, source]) =>
      [...source.matchAll(CAST)].map((m) => `${file}: ${m[0].replace(/\s+/g, ' ')}`),
    );
    expect(casts, 'use the builders of electron/contract/fixtures.ts').toEqual([]);
  });
});
