// Where the person is in the window, as data: which profile of which host is selected, its tab, the open dialog, the
// editor's draft and the all-logs view. Pure, like the reducer: one `navigate(nav, action)`, and `keepReachable` to
// let go of what the core's events removed.
import type { ExportFormat, ProfileView } from '../../electron/contract/contract.ts';
import type { PortProfile } from '../../electron/ports/common/ports.ts';
import type { ExportScope } from './export-model.ts';

export type ProfileTab = 'status' | 'edit' | 'logs' | 'manage';

export const PROFILE_TABS: readonly ProfileTab[] = ['status', 'edit', 'logs', 'manage'];

/** A profile on a host: `host` null is this one. */
export interface Selection {
  host: string | null;
  name: string;
}

export type DialogState =
  | { kind: 'create'; host: string | null }
  | { kind: 'rescue' }
  | { kind: 'settings' }
  | { kind: 'add-host' }
  | { kind: 'add-instance' }
  | { kind: 'export'; scope: ExportScope; format: ExportFormat };

export interface Navigation {
  selected: Selection | null;
  tab: ProfileTab;
  dialog: DialogState | null;
  /** The editor's form as a profile, while the selected profile's Edit tab is open: the port map draws it. */
  draft: PortProfile | null;
  allLogs: boolean;
}

export const initialNavigation: Navigation = {
  selected: null,
  tab: 'status',
  dialog: null,
  draft: null,
  allLogs: false,
};

export type NavAction =
  | { type: 'select'; selection: Selection | null; tab?: ProfileTab }
  | { type: 'tab'; tab: ProfileTab }
  | { type: 'open-dialog'; dialog: DialogState }
  | { type: 'close-dialog' }
  /** A profile was created from the dialog: the dialog closes and the new profile is shown. */
  | { type: 'created'; selection: Selection }
  | { type: 'draft'; draft: PortProfile | null }
  | { type: 'all-logs'; open: boolean };

export const sameSelection = (a: Selection | null, b: Selection | null): boolean =>
  a === b || (a !== null && b !== null && a.host === b.host && a.name === b.name);

export function navigate(nav: Navigation, action: NavAction): Navigation {
  switch (action.type) {
    case 'select': {
      const same = sameSelection(nav.selected, action.selection);
      const tab = action.tab ?? 'status';
      // Another profile, or away from Edit: the draft was the editor's, and the editor is gone.
      const draft = same && tab === 'edit' ? nav.draft : null;
      return { ...nav, selected: action.selection, tab, draft };
    }
    case 'tab':
      return { ...nav, tab: action.tab, draft: action.tab === 'edit' ? nav.draft : null };
    case 'open-dialog':
      return { ...nav, dialog: action.dialog };
    case 'close-dialog':
      return nav.dialog === null ? nav : { ...nav, dialog: null };
    case 'created':
      return navigate({ ...nav, dialog: null }, { type: 'select', selection: action.selection });
    case 'draft': {
      // Only the selected profile's editor draws: a late draft of one left behind is dropped.
      const editing =
        action.draft !== null &&
        nav.tab === 'edit' &&
        nav.selected?.host === null &&
        nav.selected.name === action.draft.name;
      const draft = editing ? action.draft : null;
      return draft === nav.draft ? nav : { ...nav, draft };
    }
    case 'all-logs':
      return nav.allLogs === action.open ? nav : { ...nav, allLogs: action.open };
  }
}

/** Each host's profiles as the window last knew them, by host key ('' is this host, as in reducer.ts). */
export type ProfilesByHost = Readonly<Record<string, { profiles: readonly Pick<ProfileView, 'name'>[] }>>;

/** Whether the profile is still there on its host (another host's as it last reported). */
export function selectionExists(selection: Selection, fleets: ProfilesByHost): boolean {
  return (fleets[selection.host ?? '']?.profiles ?? []).some((p) => p.name === selection.name);
}

/** Lets go of a selection whose profile or host is gone (deleted here, there, or the host removed). */
export function keepReachable(nav: Navigation, fleets: ProfilesByHost): Navigation {
  if (nav.selected === null || selectionExists(nav.selected, fleets)) return nav;
  return { ...nav, selected: null, tab: 'status', draft: null };
}
