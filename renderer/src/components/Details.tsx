// Everything about one profile: status fields, browser status on demand, the log tail, flags, clone and delete.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BrowserStatus, ProfileView } from '../../../electron/common/contract.ts';
import { api } from '../api.ts';
import { run, useStore } from '../store.ts';
import { uptime } from '../format.ts';
import { answered, isPending, noResults, requested, resultOf } from '../profile-results.ts';
import { DashboardActions, PathText, PendingRestart, Resources, StartPhase, useNow } from './Gateway.tsx';
import { PeerBanners, PeerFields, PeerManage } from './Peer.tsx';
import { ErrorAlert } from './ProfileEditor.tsx';
import { HistoryList } from './Timeline.tsx';
import { GatewayActions, StateBadge } from './ProfilesTable.tsx';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function StatusPanel({ profile }: { profile: ProfileView }) {
  const name = profile.name;
  const status = useStore((s) => s.gateways[name]);
  const now = useNow();
  // Kept by profile: an answer that comes after a switch to another profile stays under the one that asked.
  const [browser, setBrowser] = useState(noResults<BrowserStatus>);
  const checkBrowser = async (via: 'ws' | 'cli') => {
    setBrowser((results) => requested(results, name));
    const result = await run('gateway.browserStatus', { name, via });
    setBrowser((results) =>
      answered(results, name, result.ok ? { ok: true, value: result.result } : { ok: false, error: result.error }),
    );
  };
  const checking = isPending(browser, name);
  const outcome = resultOf(browser, name);
  const running = status?.pid !== null && status?.pid !== undefined;
  return (
    <section aria-label="Status">
      <PendingRestart name={name} />
      <PeerBanners name={name} />
      <dl className="fields">
        <Field label="State">
          <StateBadge name={name} /> <StartPhase name={name} />{' '}
          {status?.reason && <span className="muted">{status.reason}</span>}
        </Field>
        <Field label="Config">
          {profile.configError ? (
            <span className="error-text">{profile.configError}</span>
          ) : (
            <PathText path={profile.configPath} />
          )}
        </Field>
        <Field label="Workspace">{profile.workspace ? <PathText path={profile.workspace} /> : '–'}</Field>
        <Field label="Process">
          {running
            ? `pid ${status.pid} · ${status.owner ?? 'unknown owner'}${status.startedAt ? ` · up ${uptime(now - status.startedAt)}` : ''}${status.readyAt && status.startedAt && status.readyAt >= status.startedAt ? ` · ready in ${((status.readyAt - status.startedAt) / 1000).toFixed(1)} s` : ''}`
            : 'not running'}
        </Field>
        <Field label="CPU, memory">
          <Resources name={name} />
        </Field>
        <Field label="Restarts">
          {status?.restarts ?? 0}
          {status?.lastExit && (
            <span className="muted">
              {' '}
              · last exit: {status.lastExit.meaning} at {new Date(status.lastExit.at).toLocaleTimeString()}
            </span>
          )}
        </Field>
        <Field label="Health">
          {status?.health.checkedAt
            ? `${status.health.live ? 'live' : 'not live'} · ${status.health.ready ? 'ready' : `not ready${status.health.failing.length ? ` (failing: ${status.health.failing.join(', ')})` : ''}`}`
            : '–'}
        </Field>
        <Field label="RPC">{status?.rpc.version ? `OpenClaw ${status.rpc.version}` : (status?.rpc.error ?? '–')}</Field>
        <Field label="Service">
          {status?.service.installed ? `installed${status.service.active ? ', running' : ''}` : 'none'}
        </Field>
        <PeerFields name={name} />
        <Field label="Listeners">
          {status?.listeners.length
            ? status.listeners
                .map((l) => `${l.port} ${l.profile === name ? '(own)' : `pid ${l.pid ?? '?'} ${l.command ?? ''}`}`)
                .join(' · ')
            : 'none'}
          {status?.pendingRestart && (
            <span className="muted"> (on the saved ports; it still runs on {status.port})</span>
          )}
        </Field>
      </dl>
      <div className="buttons">
        <GatewayActions name={name} />
        <DashboardActions name={name} />
      </div>
      <HistoryList name={name} />
      <div className="buttons">
        <button type="button" disabled={checking} onClick={() => checkBrowser('ws')}>
          {checking ? 'Checking…' : 'Browser status'}
        </button>
        <button
          type="button"
          disabled={checking}
          onClick={() => checkBrowser('cli')}
          title="Runs `openclaw browser status` (slower)"
        >
          via CLI
        </button>
      </div>
      <ErrorAlert error={outcome && !outcome.ok ? outcome.error : null} />
      {outcome?.ok && <h3 className="subhead">Browser status of {name}</h3>}
      {outcome?.ok && (
        <dl className="fields browser" aria-label={`Browser status of ${name}`} data-profile={name}>
          {[
            'enabled',
            'profile',
            'driver',
            'running',
            'cdpReady',
            'cdpPort',
            'cdpUrl',
            'detectedBrowser',
            'headless',
            'pid',
          ].map((key) => (
            <Field key={key} label={key}>
              {JSON.stringify(outcome.value[key] ?? null)}
            </Field>
          ))}
        </dl>
      )}
    </section>
  );
}

export function LogPanel({ profile }: { profile: ProfileView }) {
  const lines = useStore((s) => s.logs[profile.name]);
  const [filter, setFilter] = useState('');
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (lines !== undefined) return;
    void api.invoke('logs.tail', { name: profile.name, lines: 500 }).then(
      (tail) => useStore.setState((s) => ({ logs: { ...s.logs, [profile.name]: tail.lines } })),
      () => undefined,
    );
  }, [lines, profile.name]);
  const shown = useMemo(
    () => (lines ?? []).filter((line) => !filter || line.toLowerCase().includes(filter.toLowerCase())),
    [lines, filter],
  );
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);
  return (
    <section aria-label="Logs" className="logs">
      <div className="buttons">
        <input
          aria-label="Filter log lines"
          placeholder="Filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
      </div>
      <pre ref={box} tabIndex={0} aria-label={`Log of ${profile.name}`}>
        {shown.length ? shown.join('\n') : 'No log lines yet.'}
      </pre>
    </section>
  );
}

export function ManagePanel({ profile, onDeleted }: { profile: ProfileView; onDeleted: () => void }) {
  const [cloneName, setCloneName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const setFlag = (flags: Partial<ProfileView['flags']>) =>
    void run('profiles.setFlags', { name: profile.name, flags });
  return (
    <section aria-label="Manage">
      {(
        [
          ['autostart', 'Start with Lobsterpot'],
          ['restartOnCrash', 'Restart on crash'],
        ] as const
      ).map(([flag, label]) => (
        <label key={flag} className="check">
          <input
            type="checkbox"
            checked={profile.flags[flag]}
            onChange={(e) => setFlag({ [flag]: e.target.checked })}
          />{' '}
          {label}
        </label>
      ))}
      <form
        className="row"
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await run('profiles.clone', { from: profile.name, name: cloneName });
          setMessage(
            result.ok ? `Cloned to ${result.result.name} on port ${result.result.effectivePort}.` : result.error,
          );
        }}
      >
        <label htmlFor="clone-name">Clone as</label>
        <input id="clone-name" value={cloneName} onChange={(e) => setCloneName(e.target.value)} />
        <button type="submit" disabled={!cloneName}>
          Clone
        </button>
      </form>
      {!confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete {profile.name}…
        </button>
      ) : (
        <div role="alertdialog" aria-label="Confirm delete" className="confirm">
          <p>
            Stop {profile.name} and move <PathText path={profile.stateDir} /> into a dated backup folder?
          </p>
          <button
            type="button"
            className="danger"
            onClick={async () => {
              const result = await run('profiles.delete', { name: profile.name, disposal: 'backup' });
              if (result.ok) onDeleted();
              else setMessage(result.error);
            }}
          >
            Delete
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {message && <p role="status">{message}</p>}
      <PeerManage profile={profile} />
    </section>
  );
}
