// A profile of another host: its status, logs and management, every action through `hosts.call` (runOn).
import { useEffect, useMemo, useState } from 'react';
import { plainError, summarizeBrowser } from '../../../electron/gateways/common/browser-summary.ts';
import type { BrowserStatus, ExportFormat } from '../../../electron/contract/contract.ts';
import { remoteRows, type RemoteRow } from '../hosts-model.ts';
import { uptime } from '../format.ts';
import { targetOf } from '../host-scope.ts';
import { runOn, useStore } from '../store.ts';

import { ProfileTabs, type ProfileTab } from './ui/ProfileTabs.tsx';
import { HistoryList } from './Timeline.tsx';
import { ProfileEditor } from './ProfileEditor.tsx';
import { ProfilePlaces, RestartsAndHealth } from './ui/ProfileFacts.tsx';
import { RemoteActions, RemoteStateBadge, type RemoteSelection } from './Hosts.tsx';
import { ActionButton, useOffline } from './ui/ActionButton.tsx';
import { Field } from './ui/Field.tsx';
import { ErrorAlert } from './ui/Notes.tsx';
import { useNow } from './ui/time.ts';
import { PathText } from './ui/Copy.tsx';
import { ExportButtons } from './ui/ExportButtons.tsx';

/** A remote profile's details: status, edit, logs and manage, each asked of the host. */
export function RemoteDetails({
  selection,
  tab,
  onTab,
  onExport,
}: {
  selection: RemoteSelection;
  tab: ProfileTab;
  onTab: (tab: ProfileTab) => void;
  onExport: (format: ExportFormat) => void;
}) {
  const host = useStore((s) => s.hosts[selection.host]);
  const now = useNow();
  const offline = useOffline();
  const row = host ? remoteRows(host, now, offline).find((r) => r.profile.name === selection.name) : undefined;
  if (!host || !row) return null;
  return (
    <section className="details" aria-label={`Profile ${selection.name} on ${selection.host}`}>
      <h2>
        {selection.name} <span className="muted">on {selection.host}</span>
      </h2>
      <ProfileTabs tab={tab} onTab={onTab} />
      <div role="tabpanel">
        {tab === 'status' && <RemoteStatus host={host.name} row={row} now={now} />}
        {tab === 'edit' && <ProfileEditor profile={row.profile} target={targetOf(host.name)} />}
        {tab === 'logs' && <RemoteLogs host={host.name} row={row} />}
        {tab === 'manage' && <RemoteManage host={host.name} row={row} onExport={onExport} />}
      </div>
    </section>
  );
}

function RemoteStatus({ host, row, now }: { host: string; row: RemoteRow; now: number }) {
  const { profile, status } = row;
  const [browser, setBrowser] = useState<{ ok: true; value: BrowserStatus } | { ok: false; error: string } | null>(
    null,
  );
  const [checking, setChecking] = useState(false);
  const summary = useMemo(
    () =>
      browser?.ok ? summarizeBrowser(browser.value, { profile: profile.name, footprint: profile.footprint }) : null,
    [browser, profile],
  );
  const checkBrowser = async () => {
    setChecking(true);
    setBrowser(null);
    const result = await runOn(host, 'gateway.browserStatus', { name: profile.name });
    setChecking(false);
    setBrowser(result.ok ? { ok: true, value: result.result } : { ok: false, error: result.error });
  };
  return (
    <section aria-label="Status">
      <dl className="fields">
        <Field label="State">
          <RemoteStateBadge row={row} /> {status?.reason && <span className="muted">{status.reason}</span>}
        </Field>
        <Field label="Host">{host}</Field>
        <ProfilePlaces profile={profile} />
        <Field label="Process">
          {!status
            ? 'unknown'
            : status.pid !== null
              ? `pid ${status.pid} on ${host} · ${status.owner ?? 'unknown owner'}${status.startedAt ? ` · up ${uptime(now - status.startedAt)}` : ''}`
              : 'not running'}
        </Field>
        <RestartsAndHealth status={status ?? undefined} unknown="–" />
      </dl>
      <div className="buttons">
        <RemoteActions host={host} row={row} />
        <ActionButton
          type="button"
          disabled={checking || !row.reach.enabled}
          title={row.reach.reason ?? undefined}
          onClick={() => void checkBrowser()}
        >
          {checking ? 'Checking…' : 'Browser status'}
        </ActionButton>
      </div>
      <HistoryList name={profile.name} target={targetOf(host)} />
      {browser && !browser.ok && <ErrorAlert error={plainError(browser.error) ?? browser.error} />}
      {summary && (
        <section className={`card tone-${summary.tone}`} aria-label={`Browser status of ${profile.name} on ${host}`}>
          <h3>{summary.headline}</h3>
          <dl className="fields">
            {summary.facts.map((fact) => (
              <Field key={fact.label} label={fact.label}>
                {fact.value}
              </Field>
            ))}
            {summary.next && <Field label="Next">{summary.next}</Field>}
          </dl>
        </section>
      )}
    </section>
  );
}

/** The log's tail, asked of the host when shown and every 5 s while the host is live. */
function RemoteLogs({ host, row }: { host: string; row: RemoteRow }) {
  const name = row.profile.name;
  const live = row.reach.enabled;
  const [tail, setTail] = useState<{ lines: string[]; at: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    if (!live) return;
    let current = true;
    const ask = async () => {
      const result = await runOn(host, 'logs.tail', { name, lines: 500 });
      if (!current) return;
      if (result.ok) {
        setTail({ lines: result.result.lines, at: Date.now() });
        setError(null);
      } else setError(result.error);
    };
    void ask();
    const timer = setInterval(() => void ask(), 5000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [host, name, live]);
  const shown = (tail?.lines ?? []).filter((line) => !filter || line.toLowerCase().includes(filter.toLowerCase()));
  return (
    <section aria-label="Logs" className="logs">
      <div className="buttons">
        <input
          aria-label="Filter log lines"
          placeholder="Filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="muted">
          {!live
            ? `${row.reach.reason}${tail ? `; lines as of ${new Date(tail.at).toLocaleTimeString()}` : ''}`
            : tail
              ? `as of ${new Date(tail.at).toLocaleTimeString()}, asked again every 5 s`
              : 'asking…'}
        </span>
      </div>
      <ErrorAlert error={error} />
      <pre tabIndex={0} aria-label={`Log of ${name} on ${host}`}>
        {shown.length ? shown.join('\n') : 'No log lines yet.'}
      </pre>
    </section>
  );
}

function RemoteManage({
  host,
  row,
  onExport,
}: {
  host: string;
  row: RemoteRow;
  onExport: (format: ExportFormat) => void;
}) {
  const name = row.profile.name;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const blocked = row.reach.enabled ? null : row.reach.reason;
  return (
    <section aria-label="Manage">
      <h3 className="subhead">Export</h3>
      <ExportButtons onExport={onExport} blocked={blocked} />
      <h3 className="subhead">Delete</h3>
      {!confirming ? (
        <ActionButton
          type="button"
          className="danger"
          disabled={blocked !== null}
          title={blocked ?? undefined}
          onClick={() => setConfirming(true)}
        >
          Delete {name} on {host}…
        </ActionButton>
      ) : (
        <div role="alertdialog" aria-label="Confirm delete" className="confirm">
          <p>
            Stop {name} on {host} and move <PathText path={row.profile.stateDir} /> there into a dated backup folder?
          </p>
          <ActionButton
            type="button"
            className="danger"
            onClick={async () => {
              const result = await runOn(host, 'profiles.delete', { name, disposal: 'backup' });
              if (!result.ok) setError(result.error);
            }}
          >
            Delete
          </ActionButton>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <ErrorAlert error={error} />
    </section>
  );
}
