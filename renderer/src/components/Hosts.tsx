// Other hosts: one section per host with its connection and its profiles, the details of a remote profile, and the
// Add host dialog. Every action on a remote profile goes through `hosts.call` (runOn); the rules live in hosts-model.
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { plainError, summarizeBrowser } from '../../../electron/common/browser-summary.ts';
import type { BrowserStatus, ExportFormat, HostView } from '../../../electron/common/contract.ts';
import { FORMAT_WORDS } from '../export-model.ts';
import {
  checkHostForm,
  hostList,
  hostStateView,
  planningOf,
  remoteRows,
  staleNote,
  unreachableReason,
  type Availability,
  type GatewayVerb,
  type HostForm,
  type RemoteRow,
} from '../hosts-model.ts';
import { uptime } from '../format.ts';
import { targetOf } from '../host-scope.ts';
import { run, runOn, useStore } from '../store.ts';
import { Dialog } from './Dialogs.tsx';
import { PathText, useNow } from './Gateway.tsx';
import { PortMap } from './PortMap.tsx';
import { FleetActions, FleetBanner, type FleetReport } from './Peer.tsx';
import { Isolation } from './Isolation.tsx';
import { ProfileTabs, type ProfileTab } from './ProfileTabs.tsx';
import { HistoryList, Timeline } from './Timeline.tsx';
import { ErrorAlert, FindingList, ProfileEditor } from './ProfileEditor.tsx';
import { ProfilesHead } from './ProfilesTable.tsx';
import { Field, ProfilePlaces } from './Details.tsx';
import './hosts.css';

/** A remote profile the window shows the details of. */
export interface RemoteSelection {
  host: string;
  name: string;
}

export interface HostActions {
  selected: RemoteSelection | null;
  onSelect: (selection: RemoteSelection) => void;
  onNewProfile: (host: string) => void;
  onExport: (host: string) => void;
}

/** Every other host, by name; nothing at all when there is none. */
export function HostSections(actions: HostActions) {
  const hosts = useStore((s) => s.hosts);
  const list = useMemo(() => hostList(hosts), [hosts]);
  return (
    <>
      {list.map((host) => (
        <HostSection key={host.name} host={host} {...actions} />
      ))}
    </>
  );
}

function HostSection({ host, selected, onSelect, onNewProfile, onExport }: { host: HostView } & HostActions) {
  const now = useNow();
  const view = hostStateView(host, now);
  const rows = remoteRows(host, now);
  const note = staleNote(host, now);
  const blocked = unreachableReason(host);
  const [reconnecting, setReconnecting] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<FleetReport | null>(null);
  const plan = useMemo(() => planningOf(host), [host]);
  const target = targetOf(host.name);
  const highlight = selected?.host === host.name ? selected.name : null;
  const reconnect = async () => {
    setReconnecting(true);
    setError(null);
    const result = await run('hosts.reconnect', { name: host.name });
    setReconnecting(false);
    if (!result.ok) setError(result.error);
  };
  return (
    <section
      className={`host${note ? ' host-stale' : ''}`}
      aria-label={`Host ${host.name}`}
      data-host={host.name}
      data-state={host.state}
    >
      <div className="host-head">
        <h2>
          {host.name} <code className="muted host-destination">{host.destination}</code>
        </h2>
        <span className={`badge badge-${view.tone}`} data-host-state={host.state}>
          {view.label}
        </span>
        {view.detail && (
          <span className={host.state === 'lost' ? 'error-text host-detail' : 'muted host-detail'}>{view.detail}</span>
        )}
        {view.retry && <span className="muted num">{view.retry}</span>}
        <span className="actions host-actions">
          <FleetActions target={target} onReport={setReport} />
          {view.canReconnect && (
            <button type="button" disabled={reconnecting} onClick={() => void reconnect()}>
              {reconnecting ? 'Reconnecting…' : 'Reconnect'}
            </button>
          )}
          <button
            type="button"
            disabled={blocked !== null}
            title={blocked ?? `Plans against the ports of ${host.name}`}
            onClick={() => onNewProfile(host.name)}
          >
            New profile…
          </button>
          <button
            type="button"
            disabled={blocked !== null || !rows.length}
            title={blocked ?? `Every profile of ${host.name}`}
            onClick={() => onExport(host.name)}
          >
            Export…
          </button>
          <button type="button" className="danger" onClick={() => setRemoving(true)} disabled={removing}>
            Remove host…
          </button>
        </span>
      </div>
      <ErrorAlert error={error} />
      <FleetBanner report={report} host={host.name} />
      {removing && <RemoveHost host={host} onCancel={() => setRemoving(false)} />}
      {note && host.remote && (
        <p className="banner banner-warn" role="status">
          The states of {host.name} below are not live: {note}.
        </p>
      )}
      {!host.remote ? (
        <p className="muted">
          {host.state === 'lost'
            ? `Lobsterpot has not reached ${host.name} yet; its profiles show once it has.`
            : `Profiles of ${host.name} show once it is connected.`}
        </p>
      ) : !rows.length ? (
        <p className="muted">No profiles on {host.name} yet.</p>
      ) : (
        <RemoteTable host={host} rows={rows} now={now} selected={selected} onSelect={onSelect} />
      )}
      {host.remote && rows.length > 0 && (
        <>
          <HostPart summary={`Port map of ${host.name}`}>
            {() => (
              <>
                <PortMap
                  profiles={plan.profiles}
                  findings={plan.findings}
                  listeners={plan.listeners}
                  ephemeral={plan.ephemeral}
                  highlight={highlight}
                />
                <FindingList
                  findings={[...plan.findings]}
                  empty={`No port clashes between the profiles of ${host.name}.`}
                />
              </>
            )}
          </HostPart>
          <HostPart summary={`Isolation of ${host.name}`}>
            {() => <Isolation target={target} highlight={highlight} />}
          </HostPart>
          <HostPart summary={`Timeline of ${host.name}`}>{() => <Timeline target={target} />}</HostPart>
        </>
      )}
    </section>
  );
}

/** A part of a host's section shown on demand: drawn, and so asked of the host, only while open. */
function HostPart({ summary, children }: { summary: string; children: () => React.ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="host-map" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children()}
    </details>
  );
}

function RemoveHost({ host, onCancel }: { host: HostView; onCancel: () => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div role="alertdialog" aria-label={`Confirm removing ${host.name}`} className="confirm">
      <p>
        Remove host {host.name}? Lobsterpot closes its connection and forgets it; nothing on {host.destination} is
        deleted.
      </p>
      <button
        type="button"
        className="danger"
        onClick={async () => {
          const result = await run('hosts.remove', { name: host.name });
          if (!result.ok) setError(result.error);
        }}
      >
        Remove
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <ErrorAlert error={error} />
    </div>
  );
}

/** The state of a remote gateway: live, or "unknown" with why and when it was last seen. */
export function RemoteStateBadge({ row }: { row: RemoteRow }) {
  const reason = row.status?.reason ?? null;
  return (
    <>
      <span
        className={`badge badge-${row.tone}`}
        title={row.note ?? reason ?? row.label}
        aria-label={`state ${row.label}${row.note ? `: ${row.note}` : reason ? `: ${reason}` : ''}`}
        data-state={row.status ? row.status.state : 'unknown'}
      >
        {row.label}
      </span>
      {row.note && <span className="muted stale-note"> {row.note.replace(/^unknown \((.*)\)$/, '$1')}</span>}
    </>
  );
}

function RemoteTable({
  host,
  rows,
  now,
  selected,
  onSelect,
}: {
  host: HostView;
  rows: RemoteRow[];
  now: number;
  selected: RemoteSelection | null;
  onSelect: (selection: RemoteSelection) => void;
}) {
  return (
    <table className="profiles" aria-label={`Profiles on ${host.name}`}>
      <ProfilesHead />
      <tbody>
        {rows.map((row) => {
          const { profile, status } = row;
          const isSelected = selected?.host === host.name && selected.name === profile.name;
          const up = status?.startedAt && status.pid !== null ? uptime(now - status.startedAt) : '–';
          return (
            <tr key={profile.name} className={isSelected ? 'selected' : undefined} data-profile={profile.name}>
              <th scope="row">
                <button
                  type="button"
                  className="link"
                  onClick={() => onSelect({ host: host.name, name: profile.name })}
                  aria-pressed={isSelected}
                  aria-label={`${profile.name} on ${host.name}`}
                >
                  {profile.flags?.color && (
                    <span className="swatch" style={{ background: profile.flags.color }} aria-hidden />
                  )}
                  {profile.name}
                </button>
              </th>
              <td data-label="State">
                <RemoteStateBadge row={row} />
              </td>
              <td className="num" data-label="Base port">
                {profile.effectivePort}
              </td>
              <td className="num muted" data-label="Footprint">
                {profile.footprint ? `${profile.footprint.block.from}–${profile.footprint.block.to}` : '–'}
              </td>
              <td className="num" data-label="Uptime">
                {up}
              </td>
              <td className="num" data-label="Restarts">
                {status ? status.restarts : '–'}
              </td>
              <td data-label="Actions">
                <RemoteActions host={host.name} row={row} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const VERBS: { verb: GatewayVerb; label: string; command: 'gateway.start' | 'gateway.stop' | 'gateway.restart' }[] = [
  { verb: 'start', label: 'Start', command: 'gateway.start' },
  { verb: 'stop', label: 'Stop', command: 'gateway.stop' },
  { verb: 'restart', label: 'Restart', command: 'gateway.restart' },
];

/** Start, Stop, Restart on the host; disabled with the reason (in the tooltip) when they cannot be asked now. */
export function RemoteActions({ host, row }: { host: string; row: RemoteRow }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = row.profile.name;
  const act = async (command: 'gateway.start' | 'gateway.stop' | 'gateway.restart') => {
    setBusy(true);
    setError(null);
    const result = await runOn(host, command, { name });
    setBusy(false);
    if (!result.ok) setError(result.error);
  };
  const blocked = row.reach.enabled ? null : row.reach.reason;
  return (
    <span className="actions">
      {VERBS.map(({ verb, label, command }) => {
        const availability: Availability = row.actions[verb];
        return (
          <button
            key={verb}
            type="button"
            disabled={busy || !availability.enabled}
            title={availability.reason ?? undefined}
            onClick={() => act(command)}
            aria-label={`${label} ${name} on ${host}`}
          >
            {label}
          </button>
        );
      })}
      {blocked && <span className="sr-only">{blocked}</span>}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

/** A remote profile's details: status, edit, logs and manage, each asked of the host. */
export function RemoteDetails({
  selection,
  tab,
  onTab,
  onExport,
  onGone,
}: {
  selection: RemoteSelection;
  tab: ProfileTab;
  onTab: (tab: ProfileTab) => void;
  onExport: (format: ExportFormat) => void;
  onGone: () => void;
}) {
  const host = useStore((s) => s.hosts[selection.host]);
  const now = useNow();
  const row = host ? remoteRows(host, now).find((r) => r.profile.name === selection.name) : undefined;
  useEffect(() => {
    if (!row) onGone();
  }, [row, onGone]);
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
        <Field label="Restarts">
          {status ? status.restarts : '–'}
          {status?.lastExit && (
            <span className="muted">
              {' '}
              · last exit: {status.lastExit.meaning} at {new Date(status.lastExit.at).toLocaleTimeString()}
            </span>
          )}
        </Field>
        <Field label="Health">
          {status?.health.checkedAt
            ? `${status.health.live ? 'live' : 'not live'} · ${status.health.ready ? 'ready' : 'not ready'}`
            : '–'}
        </Field>
      </dl>
      <div className="buttons">
        <RemoteActions host={host} row={row} />
        <button
          type="button"
          disabled={checking || !row.reach.enabled}
          title={row.reach.reason ?? undefined}
          onClick={() => void checkBrowser()}
        >
          {checking ? 'Checking…' : 'Browser status'}
        </button>
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
        <button
          type="button"
          className="danger"
          disabled={blocked !== null}
          title={blocked ?? undefined}
          onClick={() => setConfirming(true)}
        >
          Delete {name} on {host}…
        </button>
      ) : (
        <div role="alertdialog" aria-label="Confirm delete" className="confirm">
          <p>
            Stop {name} on {host} and move <PathText path={row.profile.stateDir} /> there into a dated backup folder?
          </p>
          <button
            type="button"
            className="danger"
            onClick={async () => {
              const result = await runOn(host, 'profiles.delete', { name, disposal: 'backup' });
              if (!result.ok) setError(result.error);
            }}
          >
            Delete
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <ErrorAlert error={error} />
    </section>
  );
}

/** "Export to Docker Compose…" and "Export to Kubernetes…", for one profile's Manage tab. */
export function ExportButtons({
  onExport,
  blocked = null,
}: {
  onExport: (format: ExportFormat) => void;
  blocked?: string | null;
}) {
  return (
    <div className="row">
      {(['compose', 'kubernetes'] as const).map((format) => (
        <button
          key={format}
          type="button"
          disabled={blocked !== null}
          title={blocked ?? undefined}
          onClick={() => onExport(format)}
        >
          Export to {FORMAT_WORDS[format]}…
        </button>
      ))}
    </div>
  );
}

const EMPTY_FORM: HostForm = { name: '', destination: '', sshConfig: '', command: '' };

/** Add host: the form is checked as the contract checks it, each problem under its field once the field was left. */
export function AddHostDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (name: string) => void }) {
  const hostNames = useStore(useShallow((s) => Object.keys(s.hosts)));
  const [form, setForm] = useState<HostForm>(EMPTY_FORM);
  const [touched, setTouched] = useState<Partial<Record<keyof HostForm, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const check = checkHostForm(form, hostNames);
  const shown = (field: keyof HostForm) => ((submitted || touched[field]) && check.errors[field]) || null;
  const input = (field: keyof HostForm, label: string, hint: string, options: { placeholder?: string } = {}) => {
    const problem = shown(field);
    return (
      <div className="field">
        <label htmlFor={`host-${field}`}>{label}</label>
        <input
          id={`host-${field}`}
          className="wide"
          autoFocus={field === 'name'}
          value={form[field]}
          placeholder={options.placeholder}
          spellCheck={false}
          autoCapitalize="off"
          onChange={(e) => setForm({ ...form, [field]: e.target.value })}
          onBlur={() => setTouched((t) => ({ ...t, [field]: true }))}
          aria-invalid={problem !== null}
          aria-describedby={`host-${field}-hint${problem ? ` host-${field}-error` : ''}`}
        />
        <small id={`host-${field}-hint`} className="muted">
          {hint}
        </small>
        {problem && (
          <small id={`host-${field}-error`} className="error-text">
            {label} {problem}
          </small>
        )}
      </div>
    );
  };
  return (
    <Dialog title="Add host" onClose={onClose}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setSubmitted(true);
          if (!check.ok) return;
          setBusy(true);
          setError(null);
          const result = await run('hosts.add', check.args);
          setBusy(false);
          if (result.ok) onAdded(result.result.name);
          else setError(result.error);
        }}
      >
        <p className="muted">
          Lobsterpot reaches the Lobsterpot there through <code>ssh</code> with your own keys, agent and ssh config, and
          forwards a loopback port to it. If none runs there, it starts <code>lobsterpot serve</code> and says so.
        </p>
        {input('name', 'Name', 'How Lobsterpot shows the host: letters, digits, - and _.', { placeholder: 'lab' })}
        {input(
          'destination',
          'SSH destination',
          'user@host, host, ssh://user@host:port or an alias from your ssh config.',
          {
            placeholder: 'me@lab.example',
          },
        )}
        {input('sshConfig', 'SSH config file', 'Optional: an absolute path, used instead of ~/.ssh/config (ssh -F).', {
          placeholder: "ssh's own",
        })}
        {input('command', 'Remote command', 'Optional: how to run Lobsterpot there, as its shell reads it.', {
          placeholder: 'lobsterpot',
        })}
        <ErrorAlert error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add host'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
