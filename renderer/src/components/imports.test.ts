// The window's parts by feature: a feature (a folder or a file under components/) imports values only from itself and
// from ui/, and ui/ from nothing but ui/, so a shared piece lives in ui/ and no feature reaches into another.
import { describe, expect, it } from 'vitest';

/** Every source under components/ by its path there ('profile/ProfilePanel.tsx'), read by Vite (no Node here). */
const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(['./**/*.{ts,tsx}', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true }),
  ).map(([path, source]) => [path.slice(2), source]),
);

/** `spec` as a path from components/, seen from `file` there; it starts with '../' when it leads outside. */
function resolveFrom(file: string, spec: string): string {
  const parts = file.split('/').slice(0, -1);
  for (const part of spec.split('/')) {
    if (part === '..') {
      if (parts.length && parts.at(-1) !== '..') parts.pop();
      else parts.push('..');
    } else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/** The feature a file under components/ belongs to: its folder, or the file itself; null outside components/. */
export function featureOf(path: string): string | null {
  if (path.startsWith('../')) return null;
  const [first = ''] = path.split('/');
  return path.includes('/') ? first : first.replace(/\.(tsx?|css)$/, '');
}

/** The modules a source imports values from (type-only imports, whole or every name, are left out). */
export function valueImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^import\s+(type\s+)?([^'"]*?)\s*from\s*'([^']+)';/gms)) {
    const [, typeOnly, names = '', from = ''] = match;
    if (typeOnly) continue;
    const list = /\{([^}]*)\}/s.exec(names)?.[1];
    const bare = names
      .replace(/\{[^}]*\}/s, '')
      .replace(/,/g, '')
      .trim();
    const allTypes =
      list !== undefined &&
      !bare &&
      list
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith('type '));
    if (!allTypes) found.push(from);
  }
  return found;
}

/** What is wrong with one file's imports: each value import that crosses from one feature into another. */
export function crossings(file: string, source: string): string[] {
  const from = featureOf(file);
  if (from === null) return [];
  return valueImports(source)
    .filter((spec) => spec.startsWith('.') && /\.tsx?$/.test(spec))
    .map((spec) => ({ spec, to: featureOf(resolveFrom(file, spec)) }))
    .filter(({ to }) => to !== null && to !== from && to !== 'ui')
    .map(({ spec, to }) => `${file} imports ${spec} (feature ${to})`);
}

describe('feature components', () => {
  it('import no values from another feature: shared pieces are in ui/', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(20);
    expect(Object.entries(SOURCES).flatMap(([file, source]) => crossings(file, source))).toEqual([]);
  });

  it('tells a crossing from a type import, a ui/ import and an import inside the feature', () => {
    const panel = 'profile/ProfilePanel.tsx';
    const source = [
      "import { ProfilesTable } from '../hosts/ProfilesTable.tsx';",
      "import type { FleetReport } from '../hosts/FleetActions.tsx';",
      "import { type HostSections } from '../hosts/HostSections.tsx';",
      "import { ActionButton } from '../ui/ActionButton.tsx';",
      "import { StatusTab } from './StatusTab.tsx';",
      "import {\n  AddHostDialog,\n  type X,\n} from '../AddHost.tsx';",
      "import '../ui/peer.css';",
    ].join('\n');
    expect(crossings(panel, source)).toEqual([
      'profile/ProfilePanel.tsx imports ../hosts/ProfilesTable.tsx (feature hosts)',
      'profile/ProfilePanel.tsx imports ../AddHost.tsx (feature AddHost)',
    ]);
    // ui/ is shared: it may not lean on a feature either.
    expect(crossings('ui/Gateway.tsx', "import { Timeline } from '../hosts/Timeline.tsx';")).toEqual([
      'ui/Gateway.tsx imports ../hosts/Timeline.tsx (feature hosts)',
    ]);
  });
});
