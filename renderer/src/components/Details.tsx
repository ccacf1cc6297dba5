// Everything about one profile: status fields, browser status on demand, the log tail, flags, clone and delete.
import { useEffect, useMemo, useRef, useState } from 'react';
import { plainError, settingFixFor, summarizeBrowser } from '../../../electron/gateways/common/browser-summary.ts';
import type { BrowserStatus, ExportFormat, ProfileView } from '../../../electron/contract/contract.ts';
import type { Footprint } from '../../../electron/ports/common/ports.ts';
import { api } from '../api.ts';
import { run, useStore } from '../store.ts';
import { uptime } from '../format.ts';
import { answered, isPending, noResults, requested, resultOf } from '../profile-results.ts';
import { DashboardActions, PendingRestart, Resources, StartPhase } from './Gateway.tsx';

import { PeerBanners, PeerFields, PeerManage } from './Peer.tsx';
import { McpAccess } from './McpAccess.tsx';

import { HistoryList } from './Timeline.tsx';
import { GatewayActions, StateBadge } from './ProfilesTable.tsx';
import { ActionButton, ActionScope } from './ui/ActionButton.tsx';
import { ErrorAlert } from './ui/Notes.tsx';
import { ExportButtons } from './ui/ExportButtons.tsx';
import { useNow } from './ui/time.ts';
import { PathText } from './ui/Copy.tsx';
import { Field } from './ui/Field.tsx';
import { ProfilePlaces, RestartsAndHealth } from './ui/ProfileFacts.tsx';
import { copyText } from '../clipboard.ts';

/** `browser status` in words: is the browser usable, and if not, what to do; the raw JSON behind a disclosure. */
function BrowserCard({
  name,
  status,
  footprint,
  onStatus,
}: {
  name: string;
  status: BrowserStatus;
  footprint: Footprint;
  onStatus: (status: BrowserStatus) => void;
}) {
  const summary = useMemo(() => summarizeBrowser(status, { profile: name, footprint }), [status, name, footprint]);
  const [copied, setCopied] = useState(false);
  const [acting, setActing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const act = async (action: 'start' | 'stop') => {
    setActing(true);
    setFailure(null);
    const result = await run('gateway.browserControl', { name, action });
    setActing(false);
    if (result.ok) onStatus(result.result);
    else setFailure(plainError(result.error) ?? result.error);
  };
  return (
    <section
      className={`card browser-card tone-${summary.tone}`}
      aria-label={`Browser status of ${name}`}
      data-profile={name}
    >
      <h3>
        <span className={`badge badge-${summary.tone}`}>{toneWord[summary.tone]}</span> {summary.headline}
      </h3>
      <dl className="fields">
        {summary.facts.map((fact) => (
          <Field key={fact.label} label={fact.label}>
            {fact.value}
          </Field>
        ))}
        {summary.error && (
          <Field label="Error">
            <span className="error-text">{summary.error}</span>
          </Field>
        )}
        {summary.next && <Field label="Next">{summary.next}</Field>}
      </dl>
      {summary.action && summary.command && (
        <p className="row">
          <ActionButton type="button" disabled={acting} onClick={() => void act(summary.action ?? 'start')}>
            {acting
              ? summary.action === 'start'
                ? 'Starting the browser…'
                : 'Stopping the browser…'
              : summary.action === 'start'
                ? 'Start browser'
                : 'Stop browser'}
          </ActionButton>
          <span className="muted">or run</span>
          <code>{summary.command}</code>
          <button
            type="button"
            className="small"
            onClick={() => void copyText(summary.command ?? '').then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy command'}
          </button>
        </p>
      )}
      {failure && (
        <p className="error-text" role="alert">
          {failure}
        </p>
      )}
      <SettingFixButton name={name} error={failure ?? summary.error} />
      <details>
        <summary>Details (raw JSON)</summary>
        <pre className="raw">{JSON.stringify(status, null, 2)}</pre>
      </details>
    </section>
  );
}

/**
 * A setting OpenClaw asks for that Lobsterpot knows (browser.noSandbox when Chrome refuses to run as root), set with one
 * click through OpenClaw's own config writer (`profiles.update`).
 */
function SettingFixButton({ name, error }: { name: string; error: string | null }) {
  const fix = settingFixFor(error);
  const [state, setState] = useState<{ busy: boolean; note: string | null; failed: string | null }>({
    busy: false,
    note: null,
    failed: null,
  });
  if (!fix && !state.note) return null;
  const set = async () => {
    setState({ busy: true, note: null, failed: null });
    const result = await run('profiles.update', { name, browserNoSandbox: true });
    setState(
      result.ok
        ? {
            busy: false,
            note: `Set ${fix?.path ?? 'it'} through OpenClaw’s config writer: start the browser again.`,
            failed: null,
          }
        : { busy: false, note: null, failed: result.error },
    );
  };
  return (
    <p className="row">
      {fix && !state.note && (
        <ActionButton className="primary" disabled={state.busy} onClick={() => void set()}>
          {state.busy ? 'Setting…' : fix.label}
        </ActionButton>
      )}
      {state.note && (
        <span className="ok-text" role="status">
          {state.note}
        </span>
      )}
      {state.failed && (
        <span className="error-text" role="alert">
          {state.failed}
        </span>
      )}
    </p>
  );
}

const toneWord = { ok: 'usable', warn: 'not yet', bad: 'not usable', idle: 'idle' } as const;

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
        <ProfilePlaces profile={profile} />
        <Field label="Process">
          {running
            ? `pid ${status.pid} · ${status.owner ?? 'unknown owner'}${status.startedAt ? ` · up ${uptime(now - status.startedAt)}` : ''}${status.readyAt && status.startedAt && status.readyAt >= status.startedAt ? ` · ready in ${((status.readyAt - status.startedAt) / 1000).toFixed(1)} s` : ''}`
            : 'not running'}
        </Field>
        <Field label="CPU, memory">
          <Resources name={name} />
        </Field>
        <RestartsAndHealth status={status} />
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
        <ActionButton type="button" disabled={checking} onClick={() => checkBrowser('ws')}>
          {checking ? 'Checking…' : 'Browser status'}
        </ActionButton>
        <ActionButton
          type="button"
          disabled={checking}
          onClick={() => checkBrowser('cli')}
          title="Runs `openclaw browser status` (slower)"
        >
          via CLI
        </ActionButton>
      </div>
      <ErrorAlert error={outcome && !outcome.ok ? outcome.error : null} />
      {outcome?.ok && (
        <BrowserCard
          name={name}
          status={outcome.value}
          footprint={profile.footprint}
          onStatus={(next) => setBrowser((results) => answered(results, name, { ok: true, value: next }))}
        />
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

export function ManagePanel({
  profile,
  onDeleted,
  onExport,
}: {
  profile: ProfileView;
  onDeleted: () => void;
  onExport: (format: ExportFormat) => void;
}) {
  const [cloneName, setCloneName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const setFlag = (flags: Partial<ProfileView['flags']>) =>
    void run('profiles.setFlags', { name: profile.name, flags });
  return (
    <section aria-label="Manage">
      <ActionScope>
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
        <McpAccess profile={profile} />
        <h3 className="subhead">Export</h3>
        <ExportButtons onExport={onExport} />
      </ActionScope>
    </section>
  );
}
