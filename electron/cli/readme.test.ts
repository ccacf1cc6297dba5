// The README's JSON table, checked against what the command line prints from contract values: every key it names at
// every level, and every contract type it names (a value of that type must parse with its schema, key for key).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  auditReport,
  backupResult,
  dashboardAccess,
  doctorReport,
  exportResult,
  gatewayStatus,
  historyReport,
  installResult,
  profileView,
  restartAllReport,
  snapshot,
  updateReport,
  versionsReport,
} from '../contract/fixtures.ts';
import { doctorRunSchema, gatewayStatusSchema, listenerSchema } from '../contract/status.ts';
import { auditFindingSchema, findingSchema, portSpanSchema, profileViewSchema } from '../contract/snapshot.ts';
import { historyEntrySchema, outageSchema, uptimeSchema } from '../contract/results.ts';
import { settingsSchema } from '../contract/settings.ts';
import { fieldsOf } from '../contract/walk.ts';
import { cli, fakeCore } from './testing.ts';

/** The README's type names, each the contract schema a value of it parses with. */
const TYPES: Record<string, z.ZodType> = {
  ProfileView: profileViewSchema,
  GatewayStatus: gatewayStatusSchema,
  Finding: findingSchema,
  AuditFinding: auditFindingSchema,
  Settings: settingsSchema,
  DoctorRun: doctorRunSchema,
  HistoryEntry: historyEntrySchema,
  Uptime: uptimeSchema,
  Outage: outageSchema,
  Listener: listenerSchema,
  PortSpan: portSpanSchema,
};

/** What the README writes for a value: an object's keys, a list, a contract type (with keys added), words, or `{...}`. */
type Sketch =
  | { kind: 'object'; keys: Map<string, Sketch | null>; open: boolean }
  | { kind: 'list'; item: Sketch }
  | { kind: 'type'; name: string; plus: Sketch | null }
  | { kind: 'choice'; values: string[] }
  | { kind: 'word' };

/** Reads one sketch such as `{"profile": ProfileView & {"state"}, "moves": [name]}`. */
export function readSketch(text: string): Sketch {
  const tokens = [...text.replaceAll('\\|', '|').matchAll(/"[^"]*"|\.\.\.|[{}[\],:&|]|[A-Za-z][\w-]*/g)].map(
    (m) => m[0],
  );
  let at = 0;
  const peek = () => tokens[at];
  const take = (want?: string) => {
    const token = tokens[at++];
    if (want !== undefined && token !== want) throw new Error(`README sketch ${text}: expected ${want}, got ${token}`);
    return token ?? '';
  };
  const value = (): Sketch => {
    const token = peek();
    if (token === '{') return object();
    if (token === '[') {
      take('[');
      const item = value();
      take(']');
      return { kind: 'list', item };
    }
    if (token?.startsWith('"')) {
      const values = [take().slice(1, -1)];
      while (peek() === '|') values.push((take('|'), take().slice(1, -1)));
      return { kind: 'choice', values };
    }
    const name = take();
    if (TYPES[name]) {
      if (peek() !== '&') return { kind: 'type', name, plus: null };
      take('&');
      return { kind: 'type', name, plus: object() };
    }
    return { kind: 'word' };
  };
  const object = (): Sketch => {
    take('{');
    const keys = new Map<string, Sketch | null>();
    let open = false;
    while (peek() !== '}') {
      if (peek() === '...') {
        take();
        open = true;
      } else {
        const key = take().slice(1, -1);
        keys.set(key, peek() === ':' ? (take(':'), value()) : null);
      }
      if (peek() === ',') take(',');
    }
    take('}');
    return { kind: 'object', keys, open };
  };
  const sketch = value();
  if (at !== tokens.length) throw new Error(`README sketch ${text}: left over ${tokens.slice(at).join(' ')}`);
  return sketch;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every way `actual` differs from what the README says of it, each with where. */
function differences(sketch: Sketch, actual: unknown, where: string): string[] {
  switch (sketch.kind) {
    case 'word':
      return [];
    case 'choice':
      return sketch.values.includes(String(actual))
        ? []
        : [`${where}: ${JSON.stringify(actual)} is none of the README's`];
    case 'list':
      if (!Array.isArray(actual)) return [`${where}: not a list`];
      if (actual.length === 0) return [`${where}: an empty list shows nothing (give the test one)`];
      return actual.flatMap((item, i) => differences(sketch.item, item, `${where}[${i}]`));
    case 'object': {
      if (!isObject(actual)) return [`${where}: not an object`];
      if (sketch.open) return [];
      const said = [...sketch.keys.keys()].sort();
      const printed = Object.keys(actual).sort();
      if (said.join() !== printed.join())
        return [`${where}: the README says {${said}}, the command prints {${printed}}`];
      return [...sketch.keys].flatMap(([key, inner]) =>
        inner ? differences(inner, actual[key], `${where}.${key}`) : [],
      );
    }
    case 'type': {
      if (!isObject(actual)) return [`${where}: not an object`];
      const schema = TYPES[sketch.name] as z.ZodType;
      const added = sketch.plus?.kind === 'object' ? [...sketch.plus.keys.keys()] : [];
      const own = Object.fromEntries(Object.entries(actual).filter(([key]) => !added.includes(key)));
      const unknown = Object.keys(own).filter((key) => !fieldsOf(schema).includes(key));
      const missing = added.filter((key) => !(key in actual));
      const parsed = schema.safeParse(own);
      return [
        ...(unknown.length ? [`${where}: ${unknown} not in ${sketch.name}`] : []),
        ...(missing.length ? [`${where}: no ${missing}`] : []),
        ...(parsed.success ? [] : [`${where}: not a ${sketch.name}: ${parsed.error.message}`]),
      ];
    }
  }
}

const alpha = profileView('alpha', 21000);
const ready = gatewayStatus('alpha', 21000, {
  state: 'ready',
  pid: 42,
  owner: 'lobsterpot',
  listeners: [{ port: 21000, pid: 42, command: 'openclaw-gateway', profile: 'alpha' }],
});
const world = snapshot({
  profiles: [alpha],
  gateways: [ready],
  findings: [
    {
      kind: 'default-port',
      severity: 'warning',
      profiles: ['alpha'],
      ports: [21000],
      message: 'alpha has no gateway.port',
      fix: "Write alpha's base port into its config.",
    },
  ],
  audit: [
    { kind: 'shared-workspace', severity: 'error', profiles: ['alpha', 'beta'], message: 'shared', fix: 'split' },
  ],
});
const history = historyReport('alpha', {
  outages: [{ from: 0, to: 1, states: ['crash-looping'], cause: null, reason: 'exited' }],
});
const { core } = fakeCore(
  {
    'gateway.start': () => ready,
    'profiles.create': () => profileView('beta', 21120),
    'profiles.update': () => ({ profile: alpha, restartNeeded: false }),
    'profiles.setFlags': () => alpha.flags,
    'profiles.delete': () => ({ movedTo: '/home/u/.Trash/.openclaw-alpha' }),
    'logs.tail': () => ({ lines: ['2026-12-07T01:00:00.000Z hello'], file: '/logs/alpha.log' }),
    'ports.suggest': () => ({ port: 21240 }),
    'gateway.dashboard': () => dashboardAccess(21000),
    'settings.update': () => world.settings,
    'gateway.restartAll': () =>
      restartAllReport(['alpha'], {
        failed: [{ profile: 'beta', state: 'crash-looping', reason: 'exited' }],
        notTried: ['gamma'],
      }),
    'audit.run': () => auditReport({ findings: world.audit ?? [] }),
    'history.get': () => history,
    'gateway.doctor': () => doctorReport(ready),
    'profiles.backup': () => backupResult('alpha'),
    'profiles.restore': () => alpha,
    'gateway.handOverToLobsterpot': () => ready,
    'watchdog.acknowledge': () => ({ profile: 'alpha', acknowledged: true }),
    'fleet.export': () => exportResult(['alpha'], { notes: ['fill in the token in alpha.env'] }),
    'openclaw.versions': () => versionsReport(),
    'openclaw.update': () => updateReport(['alpha', 'beta']),
    'openclaw.install': () => installResult(),
  },
  world,
);

/** The command line the test runs for each row of the README's table (its first command). */
const RUNS: Record<string, string[]> = {
  list: ['list'],
  status: ['status'],
  start: ['start', 'alpha'],
  create: ['create', 'beta'],
  edit: ['edit', 'alpha', '--port', '21000'],
  flags: ['flags', 'alpha'],
  delete: ['delete', 'alpha', '--yes'],
  logs: ['logs', 'alpha'],
  ports: ['ports'],
  open: ['open', 'alpha', '--print'],
  settings: ['settings'],
  'restart --all': ['restart', '--all'],
  audit: ['audit'],
  history: ['history', 'alpha'],
  doctor: ['doctor', 'alpha'],
  backup: ['backup', 'alpha'],
  restore: ['restore', '/backups/alpha.tar.gz', 'alpha'],
  handover: ['handover', 'alpha', '--to', 'lobsterpot'],
  ack: ['ack', 'alpha'],
  export: ['export', 'compose'],
  update: ['update'],
  'update <version>': ['update', '2026.4.27', 'alpha', 'beta'],
  install: ['install', '2026.4.27'],
  'any error': ['logs', 'alpha', '-n', '6000'],
  'a usage error': ['frobnicate'],
};

describe("the README's JSON table says what the command line prints", () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| (?:`([^`|]+)`|(any error|a usage error))[^|]*\| `(\{.*?\})`/gm)].map((m) => ({
    command: m[1] ?? m[2] ?? '',
    sketch: m[3] ?? '',
  }));

  it('has a row for each command the test runs, and the test runs each row', () => {
    expect(rows.map((row) => row.command).sort()).toEqual(Object.keys(RUNS).sort());
  });

  it.each(Object.entries(RUNS))('%s', async (command, argv) => {
    const row = rows.find((r) => r.command === command);
    const result = await cli([...argv, '--json'], core);
    expect(result.err, command).toBe('');
    expect(differences(readSketch(row?.sketch ?? ''), JSON.parse(result.out), command)).toEqual([]);
  });
});
