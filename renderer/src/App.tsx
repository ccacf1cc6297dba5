import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PortProfile } from '../../electron/ports/common/ports.ts';
import type { ProfileTab } from './navigation.ts';
import { AllLogs } from './components/AllLogs.tsx';
import { Announcer } from './components/Announcer.tsx';
import { Connection } from './components/Connection.tsx';
import { CreateDialog, SettingsDialog } from './components/Dialogs.tsx';
import { Notifier } from './components/Notifier.tsx';
import { PortMap } from './components/hosts/PortMap.tsx';
import { Isolation } from './components/hosts/Isolation.tsx';
import { Versions } from './components/hosts/Versions.tsx';
import { FleetActions, FleetBanner, WatchdogAlerts, type FleetReport } from './components/hosts/FleetActions.tsx';
import { ProfilesTable } from './components/hosts/ProfilesTable.tsx';
import { Timeline } from './components/hosts/Timeline.tsx';
import { HostSections } from './components/hosts/HostSections.tsx';
import { ProfilePanel } from './components/profile/ProfilePanel.tsx';
import { PortIndex } from '../../electron/ports/common/conflicts.ts';
import { parseShowLogsTarget } from '../../electron/tray/common/tray.ts';
import { ExportDialog } from './components/Export.tsx';
import { AddHostDialog } from './components/AddHost.tsx';
import { go, useStore } from './store.ts';
import { hereOf } from './reducer.ts';
import { settledFindings } from './creating-model.ts';
import { ActionButton } from './components/ui/ActionButton.tsx';
import { FindingList } from './components/ui/Notes.tsx';
import { AddInstanceDialog } from './components/Instances.tsx';

/** The toolbar's less frequent entries (other hosts, exports), behind one button so the toolbar stays as it was. */
function MoreMenu({
  onAddHost,
  onAddInstance,
  onExport,
}: {
  onAddHost: () => void;
  onAddInstance: () => void;
  onExport: () => void;
}) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (event: Event) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      box.current?.querySelector<HTMLButtonElement>('button')?.focus();
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('focusin', away);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('focusin', away);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  // Focus goes back to the toggle first: a dialog opened from the menu gives it back there when it closes.
  const choose = (action: () => void) => () => {
    box.current?.querySelector<HTMLButtonElement>('button')?.focus();
    setOpen(false);
    action();
  };
  return (
    <div className="more" ref={box}>
      <button type="button" aria-expanded={open} aria-controls="more-menu" onClick={() => setOpen(!open)}>
        More ▾
      </button>
      {open && (
        <div id="more-menu" className="more-menu" role="group" aria-label="More actions">
          <ActionButton type="button" onClick={choose(onAddHost)}>
            Add host…
          </ActionButton>
          <ActionButton type="button" onClick={choose(onAddInstance)}>
            Add an existing gateway…
          </ActionButton>
          <ActionButton type="button" onClick={choose(onExport)}>
            Export profiles of this host…
          </ActionButton>
        </div>
      )}
    </div>
  );
}

export function App() {
  const { loaded, profiles, findings, listeners, ephemeral, environment, warnings, hasHosts } = useStore(
    useShallow((s) => ({
      loaded: s.loaded,
      profiles: hereOf(s).profiles,
      findings: hereOf(s).findings,
      listeners: hereOf(s).listeners,
      ephemeral: hereOf(s).ephemeralRange,
      environment: s.environment,
      warnings: s.warnings,
      hasHosts: Object.keys(s.hosts).length > 0,
    })),
  );
  // Each gateway's status carries the listeners on its own ports, fresher than the snapshot's (sent with findings).
  const ownListeners = useStore(useShallow((s) => Object.values(hereOf(s).gateways).map((g) => g.listeners)));
  const mapListeners = useMemo(() => {
    const byPort = new Map(listeners.map((l) => [l.port, l]));
    for (const list of ownListeners) for (const l of list) byPort.set(l.port, l);
    return [...byPort.values()];
  }, [listeners, ownListeners]);
  const nav = useStore((s) => s.nav);
  const creating = useStore((s) => s.creating);
  const selected = nav.selected?.host === null ? nav.selected.name : null;
  const remote =
    nav.selected !== null && nav.selected.host !== null ? { ...nav.selected, host: nav.selected.host } : null;
  const chosen = nav.selected;
  const { tab, dialog, draft, allLogs } = nav;
  const [fleetReport, setFleetReport] = useState<FleetReport | null>(null);
  const onDraft = useCallback((next: PortProfile | null) => go({ type: 'draft', draft: next }), []);
  const closeDialog = useCallback(() => go({ type: 'close-dialog' }), []);
  // "Show logs" from the tray or a notification arrives as `#logs/<profile>`, in a new window or the open one; the
  // hash is cleared once followed, so the same link works again.
  useEffect(() => {
    const follow = () => {
      const target = parseShowLogsTarget(location.hash);
      if (!target) return;
      go({ type: 'select', selection: { host: target.host, name: target.profile }, tab: 'logs' });
      history.replaceState(null, '', location.pathname + location.search);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const profile = profiles.find((p) => p.name === selected) ?? null;
  const onTab = useCallback((next: ProfileTab) => go({ type: 'tab', tab: next }), []);

  // The port map follows the editor while a port is being typed: the draft's findings, the draft as a ghost.
  const editing = tab === 'edit' && draft?.name === selected ? draft : null;
  const mapFindings = useMemo(
    () =>
      editing
        ? new PortIndex(
            profiles.map((p) => (p.name === editing.name ? editing : p)),
            listeners.filter((l) => l.profile !== editing.name),
            { ephemeral },
          ).analyze()
        : findings,
    [editing, profiles, listeners, findings, ephemeral],
  );
  // A profile on its way through onboarding has no port for a moment: nothing is said about it until it is made.
  const shownFindings = useMemo(() => settledFindings(mapFindings, creating), [mapFindings, creating]);
  const pageFindings = useMemo(() => settledFindings(findings, creating), [findings, creating]);

  if (!loaded)
    return (
      <>
        <Connection />
        <main className="loading">Connecting to Lobsterpot…</main>
      </>
    );
  return (
    <div className="app">
      <header>
        <h1>
          <img src="./icon.svg" alt="" width={28} height={28} /> Lobsterpot
        </h1>
        <nav aria-label="Actions">
          <FleetActions onReport={setFleetReport} />
          <ActionButton
            type="button"
            className="primary"
            onClick={() => go({ type: 'open-dialog', dialog: { kind: 'create', host: null } })}
          >
            New profile
          </ActionButton>
          <ActionButton
            type="button"
            onClick={() => go({ type: 'open-dialog', dialog: { kind: 'rescue' } })}
            disabled={profiles.some((p) => p.name === 'rescue')}
          >
            Rescue bot
          </ActionButton>
          <button type="button" onClick={() => go({ type: 'all-logs', open: !allLogs })} aria-pressed={allLogs}>
            All logs
          </button>
          <Notifier />
          <button type="button" onClick={() => go({ type: 'open-dialog', dialog: { kind: 'settings' } })}>
            Settings
          </button>
          <MoreMenu
            onAddHost={() => go({ type: 'open-dialog', dialog: { kind: 'add-host' } })}
            onAddInstance={() => go({ type: 'open-dialog', dialog: { kind: 'add-instance' } })}
            onExport={() =>
              go({
                type: 'open-dialog',
                dialog: { kind: 'export', scope: { host: null, profiles: [] }, format: 'compose' },
              })
            }
          />
        </nav>
      </header>
      <Connection />
      <Announcer />
      {environment?.problem && (
        <section className="banner banner-bad" role="alert" aria-label="OpenClaw not ready">
          <strong>{environment.problem}</strong>
          <p>{environment.fix}</p>
        </section>
      )}
      {warnings.map((w, i) => (
        <p key={i} className="banner banner-warn" role="status">
          {w}
        </p>
      ))}
      <WatchdogAlerts onShow={(name) => go({ type: 'select', selection: { host: null, name } })} />
      <FleetBanner report={fleetReport} />
      <main>
        <LocalGroup titled={hasHosts}>
          {!profiles.length ? (
            <section className="empty" aria-label="No profiles">
              <h2>No OpenClaw profiles yet</h2>
              <p>
                Each profile is one isolated gateway: its own config, state, workspace and ports. Create your first one
                with <strong>New profile</strong>, or the <strong>Rescue bot</strong>: Lobsterpot picks a base port that
                clashes with nothing.
              </p>
              <p className="muted">
                Existing profiles (~/.openclaw and ~/.openclaw-&lt;name&gt;) show up here by themselves.
              </p>
            </section>
          ) : (
            <>
              <ProfilesTable
                selected={selected}
                onSelect={(name) => go({ type: 'select', selection: { host: null, name } })}
              />
              <PortMap
                profiles={profiles}
                findings={shownFindings}
                listeners={mapListeners}
                ephemeral={ephemeral}
                draft={editing}
                highlight={selected}
              />
              {!profile && <FindingList findings={pageFindings} empty="No port clashes between profiles." />}
              <Isolation highlight={selected} />
              <Versions />
              <Timeline />
            </>
          )}
        </LocalGroup>
        <HostSections
          selected={remote}
          onSelect={(selection) => go({ type: 'select', selection })}
          onNewProfile={(host) => go({ type: 'open-dialog', dialog: { kind: 'create', host } })}
          onExport={(host) =>
            go({ type: 'open-dialog', dialog: { kind: 'export', scope: { host, profiles: [] }, format: 'compose' } })
          }
        />
        {allLogs && <AllLogs onClose={() => go({ type: 'all-logs', open: false })} />}
        {chosen && (
          // Remade per host only: within a host the panel keeps each profile's answers (profile-results.ts), so a
          // browser status asked of alpha is still there after a look at beta.
          <ProfilePanel
            key={chosen.host ?? ''}
            host={chosen.host}
            name={chosen.name}
            tab={tab}
            onTab={onTab}
            onDraft={onDraft}
            onDeleted={() => go({ type: 'select', selection: null })}
            onExport={(format) =>
              go({
                type: 'open-dialog',
                dialog: { kind: 'export', scope: { host: chosen.host, profiles: [chosen.name] }, format },
              })
            }
          />
        )}
      </main>
      {(dialog?.kind === 'create' || dialog?.kind === 'rescue') && (
        <CreateDialog
          rescue={dialog.kind === 'rescue'}
          host={dialog.kind === 'create' ? dialog.host : null}
          onClose={closeDialog}
          onCreated={(name) =>
            go({ type: 'created', selection: { host: dialog.kind === 'create' ? dialog.host : null, name } })
          }
        />
      )}
      {dialog?.kind === 'settings' && <SettingsDialog onClose={closeDialog} />}
      {dialog?.kind === 'add-host' && <AddHostDialog onClose={closeDialog} onAdded={closeDialog} />}
      {dialog?.kind === 'export' && <ExportDialog scope={dialog.scope} format={dialog.format} onClose={closeDialog} />}
      {dialog?.kind === 'add-instance' && (
        <AddInstanceDialog
          onClose={closeDialog}
          onAdded={(name) => go({ type: 'created', selection: { host: null, name } })}
        />
      )}
    </div>
  );
}

/** This host's profiles: as they always were, under a "This host" heading only once other hosts are listed too. */
function LocalGroup({ titled, children }: { titled: boolean; children: React.ReactNode }) {
  if (!titled) return <>{children}</>;
  return (
    <section className="host-group" aria-label="This host">
      <h2>This host</h2>
      {children}
    </section>
  );
}
