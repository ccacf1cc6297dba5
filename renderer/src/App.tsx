import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PortProfile } from '../../electron/common/ports.ts';
import { AllLogs } from './components/AllLogs.tsx';
import { Announcer } from './components/Announcer.tsx';
import { Connection } from './components/Connection.tsx';
import { CreateDialog, SettingsDialog } from './components/Dialogs.tsx';
import { Notifier } from './components/Notifier.tsx';
import { LogPanel, ManagePanel, StatusPanel } from './components/Details.tsx';
import { PortMap } from './components/PortMap.tsx';
import { Isolation } from './components/Isolation.tsx';
import { RestartAll, WatchdogAlerts } from './components/Peer.tsx';
import { FindingList, ProfileEditor } from './components/ProfileEditor.tsx';
import { ProfilesTable } from './components/ProfilesTable.tsx';
import { Timeline } from './components/Timeline.tsx';
import { PortIndex } from '../../electron/common/conflicts.ts';
import { parseShowLogsHash } from '../../electron/common/tray.ts';
import { run, useStore } from './store.ts';

type Tab = 'status' | 'edit' | 'logs' | 'manage';

export function App() {
  const { loaded, profiles, findings, listeners, ephemeral, environment, warnings } = useStore(
    useShallow((s) => ({
      loaded: s.loaded,
      profiles: s.profiles,
      findings: s.findings,
      listeners: s.listeners,
      ephemeral: s.ephemeralRange,
      environment: s.environment,
      warnings: s.warnings,
    })),
  );
  // Each gateway's status carries the listeners on its own ports, fresher than the snapshot's (sent with findings).
  const ownListeners = useStore(useShallow((s) => Object.values(s.gateways).map((g) => g.listeners)));
  const mapListeners = useMemo(() => {
    const byPort = new Map(listeners.map((l) => [l.port, l]));
    for (const list of ownListeners) for (const l of list) byPort.set(l.port, l);
    return [...byPort.values()];
  }, [listeners, ownListeners]);
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('status');
  const [dialog, setDialog] = useState<'create' | 'rescue' | 'settings' | null>(null);
  const [draft, setDraft] = useState<PortProfile | null>(null);
  const [bulkError, setBulkError] = useState<string | null>(null);
  const [restartReport, setRestartReport] = useState<{ ok: boolean; text: string } | null>(null);
  const [allLogs, setAllLogs] = useState(false);
  const onDraft = useCallback((next: PortProfile | null) => setDraft(next), []);
  // "Show logs" from the tray or a notification arrives as `#logs/<profile>`, in a new window or the open one; the
  // hash is cleared once followed, so the same link works again.
  useEffect(() => {
    const follow = () => {
      const name = parseShowLogsHash(location.hash);
      if (!name) return;
      setSelected(name);
      setTab('logs');
      history.replaceState(null, '', location.pathname + location.search);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const profile = profiles.find((p) => p.name === selected) ?? null;

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

  if (!loaded)
    return (
      <>
        <Connection />
        <main className="loading">Connecting to Lobsterpot…</main>
      </>
    );
  const bulk = async (command: 'gateway.startAll' | 'gateway.stopAll') => {
    setBulkError(null);
    const result = await run(command, {});
    if (!result.ok) setBulkError(result.error);
  };
  return (
    <div className="app">
      <header>
        <h1>
          <img src="./icon.svg" alt="" width={28} height={28} /> Lobsterpot
        </h1>
        <nav aria-label="Actions">
          <button type="button" onClick={() => bulk('gateway.startAll')} disabled={!profiles.length}>
            Start all
          </button>
          <button type="button" onClick={() => bulk('gateway.stopAll')} disabled={!profiles.length}>
            Stop all
          </button>
          <RestartAll onReport={setRestartReport} />
          <button type="button" className="primary" onClick={() => setDialog('create')}>
            New profile
          </button>
          <button
            type="button"
            onClick={() => setDialog('rescue')}
            disabled={profiles.some((p) => p.name === 'rescue')}
          >
            Rescue bot
          </button>
          <button type="button" onClick={() => setAllLogs(!allLogs)} aria-pressed={allLogs}>
            All logs
          </button>
          <Notifier />
          <button type="button" onClick={() => setDialog('settings')}>
            Settings
          </button>
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
      <WatchdogAlerts
        onShow={(name) => {
          setSelected(name);
          setTab('status');
        }}
      />
      {restartReport && (
        <p className={`banner ${restartReport.ok ? 'banner-ok' : 'banner-bad'}`} role="status" aria-label="Restart all">
          {restartReport.text}
        </p>
      )}
      {bulkError && (
        <p className="banner banner-bad" role="alert">
          {bulkError}
        </p>
      )}
      <main>
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
              onSelect={(name) => {
                setSelected(name);
                setTab('status');
              }}
            />
            <PortMap
              profiles={profiles}
              findings={mapFindings}
              listeners={mapListeners}
              ephemeral={ephemeral}
              draft={editing}
              highlight={selected}
            />
            {!profile && <FindingList findings={findings} empty="No port clashes between profiles." />}
            <Isolation highlight={selected} />
            <Timeline />
          </>
        )}
        {allLogs && <AllLogs onClose={() => setAllLogs(false)} />}
        {profile && (
          <section className="details" aria-label={`Profile ${profile.name}`}>
            <h2>{profile.name}</h2>
            <div role="tablist" aria-label="Profile views">
              {(['status', 'edit', 'logs', 'manage'] as Tab[]).map((t) => (
                <button key={t} role="tab" type="button" aria-selected={tab === t} onClick={() => setTab(t)}>
                  {t[0]?.toUpperCase() + t.slice(1)}
                </button>
              ))}
            </div>
            <div role="tabpanel">
              {tab === 'status' && <StatusPanel profile={profile} />}
              {tab === 'edit' && <ProfileEditor key={profile.name} profile={profile} onDraft={onDraft} />}
              {tab === 'logs' && <LogPanel profile={profile} />}
              {tab === 'manage' && <ManagePanel profile={profile} onDeleted={() => setSelected(null)} />}
            </div>
          </section>
        )}
      </main>
      {(dialog === 'create' || dialog === 'rescue') && (
        <CreateDialog
          rescue={dialog === 'rescue'}
          onClose={() => setDialog(null)}
          onCreated={(name) => {
            setDialog(null);
            setSelected(name);
          }}
        />
      )}
      {dialog === 'settings' && <SettingsDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
