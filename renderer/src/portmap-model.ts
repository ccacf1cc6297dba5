// What the port map draws, as data: each profile's footprint in its parts, the clashing ports only, live listeners,
// the ranges to avoid, the editor's draft as a ghost. Pure; the component turns it into one SVG.
import type { Finding, Listener } from '../../electron/ports/common/findings.ts';
import {
  DEFAULT_GATEWAY_PORT,
  DEV_GATEWAY_PORT,
  FOOTPRINT_SPAN,
  footprintOf,
  type Footprint,
  type PortProfile,
  type PortRange,
  type PortUse,
} from '../../electron/ports/common/ports.ts';

export interface MapPart {
  from: number;
  to: number;
  use: PortUse;
  label: string;
}

/** Ports that belong to more than one owner (or twice to one): exactly the ports a finding names. */
export interface MapClash {
  from: number;
  to: number;
  owners: string[];
  title: string;
}

export interface MapMark {
  port: number;
  /** The profile's own gateway (or its child) listens there. */
  own: boolean;
  title: string;
}

export interface MapRow {
  profile: string;
  /** The editor's draft, drawn dashed under its saved self. */
  ghost: boolean;
  /** The saved footprint while a draft replaces it: drawn faded. */
  replaced: boolean;
  base: number;
  block: { from: number; to: number };
  /** The derived parts: gateway, sandbox, browser control, relays, CDP range. */
  parts: MapPart[];
  /** Ports the config names (explicit cdpPort, cdpUrl, sandbox, canvas): ticks. */
  ticks: MapPart[];
  clashes: MapClash[];
  marks: MapMark[];
}

export interface MapShade {
  from: number;
  to: number;
  kind: 'ephemeral' | 'default';
  label: string;
}

export interface PortMapModel {
  domain: { from: number; to: number };
  rows: MapRow[];
  shades: MapShade[];
  /** Listeners of no profile inside the view: the "other processes" lane. */
  foreign: MapMark[];
  /** Rows left outside a zoomed view, so the view can say so. */
  hiddenRows: number;
  /** The draft's row lies outside the view (the view is the saved profiles', so typing never re-zooms it). */
  draftOutside: boolean;
}

export interface PortMapInput {
  profiles: readonly PortProfile[];
  /** Findings over the profiles, with the draft in place of its saved self when there is one. */
  findings: readonly Finding[];
  listeners: readonly Listener[];
  ephemeral?: PortRange | null;
  draft?: PortProfile | null;
  /** Zoom to this profile's block (and what lies around it); null fits every profile. */
  focus?: string | null;
}

/** OpenClaw's own footprints: the default profile's and the dev profile's. */
export const OPENCLAW_DEFAULTS: readonly MapShade[] = [
  {
    from: DEFAULT_GATEWAY_PORT,
    to: DEFAULT_GATEWAY_PORT + FOOTPRINT_SPAN,
    kind: 'default',
    label: `OpenClaw's default ports ${DEFAULT_GATEWAY_PORT}–${DEFAULT_GATEWAY_PORT + FOOTPRINT_SPAN}`,
  },
  {
    from: DEV_GATEWAY_PORT,
    to: DEV_GATEWAY_PORT + FOOTPRINT_SPAN,
    kind: 'default',
    label: `OpenClaw's dev profile ports ${DEV_GATEWAY_PORT}–${DEV_GATEWAY_PORT + FOOTPRINT_SPAN}`,
  },
];

const CLASH_KINDS = new Set(['footprint-overlap', 'same-base', 'port-in-footprint', 'same-port']);

const range = (from: number, to: number) => (from === to ? String(from) : `${from}–${to}`);

/** The ports a clash finding is about: the overlap of two blocks, a whole shared block, or one port. */
export function clashOf(finding: Finding): MapClash | null {
  if (finding.severity !== 'error' || !CLASH_KINDS.has(finding.kind) || !finding.ports.length) return null;
  const [first = NaN, last = first] = finding.ports;
  const [from, to] = finding.kind === 'same-base' ? [first, first + FOOTPRINT_SPAN] : [first, last];
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  const owners = finding.profiles;
  const who = owners.length > 1 ? `${owners.slice(0, -1).join(', ')} and ${owners.at(-1)}` : `${owners[0]} twice`;
  return { from, to, owners, title: `Ports ${range(from, to)} clash: used by ${who}. ${finding.message}` };
}

const sameFootprint = (a: Footprint, b: Footprint) =>
  a.base === b.base &&
  a.spans.length === b.spans.length &&
  a.spans.every((s, i) => s.from === b.spans[i]?.from && s.to === b.spans[i]?.to && s.use === b.spans[i]?.use);

function holder(listener: Listener): string {
  if (listener.pid === null) return 'a process Lobsterpot cannot see (another user or the system)';
  return `pid ${listener.pid}${listener.command ? ` (${listener.command})` : ''}`;
}

function rowOf(footprint: Footprint, ghost: boolean, replaced: boolean): MapRow {
  return {
    profile: footprint.profile,
    ghost,
    replaced,
    base: footprint.base,
    block: footprint.block,
    parts: footprint.spans
      .filter((s) => s.field === undefined)
      .map(({ from, to, use, label }) => ({ from, to, use, label })),
    ticks: footprint.spans
      .filter((s) => s.field !== undefined && Number.isFinite(s.from))
      .map(({ from, to, use, label }) => ({ from, to, use, label })),
    clashes: [],
    marks: [],
  };
}

const holds = (row: MapRow, port: number) =>
  (port >= row.block.from && port <= row.block.to) || row.ticks.some((t) => t.from === port);

const touches = (row: MapRow, from: number, to: number) =>
  (row.block.from <= to && row.block.to >= from) || row.ticks.some((t) => t.from >= from && t.from <= to);

/** The view's ports: every row, or the focused profile's block with room for its neighbours' overlap. */
function domainOf(rows: readonly MapRow[], focus: string | null | undefined): { from: number; to: number } {
  const focused = focus ? rows.filter((r) => r.profile === focus) : [];
  if (focused.length) {
    const from = Math.min(...focused.map((r) => r.block.from));
    const to = Math.max(...focused.map((r) => r.block.to));
    const pad = Math.round(FOOTPRINT_SPAN * 0.4);
    return { from: from - pad, to: to + pad };
  }
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    min = Math.min(min, row.block.from, ...row.ticks.map((t) => t.from));
    max = Math.max(max, row.block.to, ...row.ticks.map((t) => t.to));
  }
  const pad = Math.max(5, Math.round((max - min) * 0.03));
  return { from: min - pad, to: max + pad };
}

export function portMapModel(input: PortMapInput): PortMapModel {
  const rows: MapRow[] = [];
  const draftFootprint = input.draft ? footprintOf(input.draft) : null;
  const draftValid = draftFootprint !== null && Number.isFinite(draftFootprint.base);
  let draftPlaced = false;
  for (const profile of input.profiles) {
    const footprint = footprintOf(profile);
    if (!Number.isFinite(footprint.base)) continue;
    const drafted = draftValid && draftFootprint.profile === profile.name && !sameFootprint(draftFootprint, footprint);
    rows.push(rowOf(footprint, false, drafted));
    if (drafted) {
      rows.push(rowOf(draftFootprint, true, false));
      draftPlaced = true;
    }
  }
  if (draftValid && !draftPlaced && !input.profiles.some((p) => p.name === draftFootprint.profile))
    rows.push(rowOf(draftFootprint, true, false));
  if (!rows.length)
    return { domain: { from: 0, to: 1 }, rows, shades: [], foreign: [], hiddenRows: 0, draftOutside: false };

  // A profile's findings are about its draft when there is one: they go on the ghost row, not the saved one.
  const current = new Map<string, MapRow>();
  const saved = new Map<string, MapRow>();
  for (const row of rows) {
    if (!row.replaced) current.set(row.profile, row);
    if (!row.ghost) saved.set(row.profile, row);
  }
  for (const finding of input.findings) {
    const clash = clashOf(finding);
    if (!clash) continue;
    for (const name of new Set(clash.owners)) current.get(name)?.clashes.push(clash);
  }

  // The view is the saved profiles': a port half typed (2, 21, 214…) must not re-zoom the map at every keystroke.
  const settled = rows.filter((r) => !r.ghost);
  const domain = domainOf(settled.length ? settled : rows, input.focus);
  const inView = (port: number) => port >= domain.from && port <= domain.to;
  const foreign: MapMark[] = [];
  const seen = new Set<number>();
  for (const listener of input.listeners) {
    if (!inView(listener.port)) continue;
    // A gateway listens where it was started: on its saved ports, whatever the draft says.
    const owner = listener.profile ? saved.get(listener.profile) : undefined;
    if (owner) {
      owner.marks.push({
        port: listener.port,
        own: true,
        title: `${listener.port}: ${owner.profile}'s gateway listens (pid ${listener.pid ?? '?'})`,
      });
      continue;
    }
    if (seen.has(listener.port)) continue;
    seen.add(listener.port);
    const title = `${listener.port}: ${holder(listener)} listens here`;
    foreign.push({ port: listener.port, own: false, title });
    for (const row of current.values()) {
      if (holds(row, listener.port))
        row.marks.push({ port: listener.port, own: false, title: `${title}, inside ${row.profile}'s ports` });
    }
  }

  const inside = (r: MapRow) => touches(r, domain.from, domain.to);
  const shown = rows.filter((r) => (r.ghost || input.focus ? inside(r) : true));
  const draftOutside = rows.some((r) => r.ghost && !inside(r));
  const clip = (shade: MapShade): MapShade | null => {
    const from = Math.max(shade.from, domain.from);
    const to = Math.min(shade.to, domain.to);
    return from <= to ? { ...shade, from, to } : null;
  };
  const ephemeral = input.ephemeral
    ? [
        {
          from: input.ephemeral.from,
          to: input.ephemeral.to,
          kind: 'ephemeral' as const,
          label: `The OS's ephemeral ports ${input.ephemeral.from}–${input.ephemeral.to}: outgoing connections take them at any moment`,
        },
      ]
    : [];
  const shades = [...ephemeral, ...OPENCLAW_DEFAULTS].map(clip).filter((s): s is MapShade => s !== null);
  return {
    domain,
    rows: shown,
    shades,
    foreign,
    hiddenRows: rows.filter((r) => !r.ghost && !shown.includes(r)).length,
    draftOutside,
  };
}

/** Round axis ticks inside `domain`, about `count` of them, on steps of 1, 2 or 5 times a power of ten. */
export function axisTicks(domain: { from: number; to: number }, count: number): number[] {
  const span = domain.to - domain.from;
  if (!(span > 0) || count < 1) return [];
  const rough = span / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let port = Math.ceil(domain.from / step) * step; port <= domain.to; port += step) ticks.push(port);
  return ticks;
}

/** The same facts as lines of a table, for screen readers and for anyone who reads numbers better than bars. */
export interface MapTableRow {
  profile: string;
  part: string;
  ports: string;
  note: string;
}

export function portMapTable(model: PortMapModel): MapTableRow[] {
  const lines: MapTableRow[] = [];
  for (const row of model.rows) {
    const profile = row.ghost ? `${row.profile} (draft)` : row.replaced ? `${row.profile} (saved)` : row.profile;
    for (const part of [...row.parts, ...row.ticks]) {
      const clashes = row.clashes.filter((c) => c.from <= part.to && c.to >= part.from);
      const marks = row.marks.filter((m) => m.port >= part.from && m.port <= part.to);
      lines.push({
        profile,
        part: part.label,
        ports: range(part.from, part.to),
        note: [
          ...clashes.map(
            (c) =>
              `clash ${range(Math.max(c.from, part.from), Math.min(c.to, part.to))} with ${c.owners.filter((o) => o !== row.profile).join(', ') || 'itself'}`,
          ),
          ...marks.map((m) => (m.own ? `${m.port} listening (own)` : `${m.port} taken by another process`)),
        ].join('; '),
      });
    }
  }
  return lines;
}
