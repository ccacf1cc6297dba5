// What the profile editor's form means as ports: the draft profile and its live findings. Pure, tested as data.
import { PortIndex } from '../../electron/ports/common/conflicts.ts';
import type { Finding, Listener } from '../../electron/ports/common/findings.ts';
import { checkWith, commandSchemas, type CommandArgs, type ProfileView } from '../../electron/contract/contract.ts';
import { MAX_PORT, type PortProfile, type PortRange } from '../../electron/ports/common/ports.ts';

export interface BrowserRow {
  name: string;
  cdpPort: string;
  cdpUrl: string;
}

export interface EditorForm {
  port: string;
  workspace: string;
  pinnedCdpUrl: string;
  rows: BrowserRow[];
}

/** Text typed into a port field: a number, or NaN (which the analysis reports as "must be a number"). */
export const portFromText = (text: string): number => (/^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN);

export function formOf(profile: ProfileView): EditorForm {
  return {
    port: String(profile.port ?? profile.effectivePort),
    workspace: profile.workspace ?? '',
    pinnedCdpUrl: profile.pinnedCdpUrl ?? '',
    rows: profile.browserProfiles.map((b) => ({
      name: b.name,
      cdpPort: b.cdpPort === null ? '' : String(b.cdpPort),
      cdpUrl: b.cdpUrl ?? '',
    })),
  };
}

export function draftOf(profile: ProfileView, form: EditorForm): PortProfile {
  const rows = form.rows.filter((r) => r.name.trim());
  return {
    ...profile,
    port: portFromText(form.port),
    workspace: form.workspace.trim() || null,
    pinnedCdpUrl: form.pinnedCdpUrl.trim() || null,
    cdpPorts: rows
      .filter((r) => r.cdpPort.trim())
      .map((r) => ({ browserProfile: r.name.trim(), port: portFromText(r.cdpPort) })),
    cdpUrls: rows.filter((r) => r.cdpUrl.trim()).map((r) => ({ browserProfile: r.name.trim(), url: r.cdpUrl.trim() })),
  };
}

/** The index of everything but the edited profile (and its own gateway's listeners). */
export function othersIndex(
  profiles: readonly ProfileView[],
  listeners: readonly Listener[],
  editing: string,
  ephemeral: PortRange | null = null,
): PortIndex {
  return new PortIndex(
    profiles.filter((p) => p.name !== editing),
    listeners.filter((l) => l.profile !== editing),
    { ephemeral },
  );
}

/**
 * The draft's findings and the base port suggested near it: near the typed port while it is a port at all, else near
 * the saved one (`near` is what a host's own planner is asked with).
 */
export function editorFindings(
  index: PortIndex,
  profile: ProfileView,
  form: EditorForm,
): { findings: Finding[]; suggested: number | null; near: number } {
  const draft = draftOf(profile, form);
  const typed = draft.port;
  const near =
    typed !== null && Number.isInteger(typed) && typed >= 0 && typed <= MAX_PORT ? typed : profile.effectivePort;
  return {
    findings: index.findingsFor(draft),
    suggested: index.suggestBasePort({ near, exclude: profile.name }),
    near,
  };
}

/** Findings that a different base port can cure (a clash of an explicit CDP port or a path needs another fix). */
const BASE_PORT_KINDS: ReadonlySet<Finding['kind']> = new Set([
  'invalid-port',
  'same-base',
  'footprint-overlap',
  'port-in-footprint',
  'tight-spacing',
  'default-port',
  'ephemeral-range',
  'live-listener',
]);

/**
 * The suggested base port to offer next to the typed one: only when the typed port has a finding a move cures, and
 * never the port already typed (null: no offer).
 */
export function portOffer(findings: readonly Finding[], typed: number, suggested: number | null): number | null {
  if (suggested === null || suggested === typed) return null;
  return findings.some((f) => BASE_PORT_KINDS.has(f.kind)) ? suggested : null;
}

/** What Save sends: the fields that differ from the saved profile (a browser profile left out is removed). */
export function updateArgsOf(profile: ProfileView, form: EditorForm): CommandArgs<'profiles.update'> {
  const browserProfiles: Record<string, { cdpPort?: number | null; cdpUrl?: string | null }> = {};
  for (const row of form.rows) {
    if (!row.name) continue;
    browserProfiles[row.name] = {
      cdpPort: row.cdpPort.trim() ? portFromText(row.cdpPort) : null,
      cdpUrl: row.cdpUrl.trim() || null,
    };
  }
  for (const before of profile.browserProfiles)
    if (!form.rows.some((r) => r.name === before.name)) browserProfiles[before.name] = { cdpPort: null, cdpUrl: null };
  const port = portFromText(form.port);
  const workspace = form.workspace.trim();
  const pinned = form.pinnedCdpUrl.trim() || null;
  return {
    name: profile.name,
    ...(port !== profile.port ? { port } : {}),
    ...(workspace && workspace !== profile.workspace ? { workspace } : {}),
    ...(pinned !== (profile.pinnedCdpUrl ?? null) ? { pinnedCdpUrl: pinned } : {}),
    ...(Object.keys(browserProfiles).length ? { browserProfiles } : {}),
  };
}

/**
 * The contract's field rules over the typed workspace, CDP URLs and browser profile names, as
 * `field: what is wrong, what is allowed`. Ports are left to the findings, which already name their rule.
 */
export function fieldProblems(profile: ProfileView, form: EditorForm): string[] {
  const args = updateArgsOf(profile, form);
  const browserProfiles = Object.fromEntries(
    Object.entries(args.browserProfiles ?? {}).map(([name, value]) => [name, { cdpUrl: value.cdpUrl }]),
  );
  const checked = checkWith(commandSchemas['profiles.update'], {
    name: profile.name,
    ...(args.workspace !== undefined ? { workspace: args.workspace } : {}),
    ...(args.pinnedCdpUrl !== undefined ? { pinnedCdpUrl: args.pinnedCdpUrl } : {}),
    browserProfiles,
  });
  return checked.ok ? [] : checked.problems;
}
