// A profile's Status tab on any host: its status fields, its actions, its history, browser status on demand.
import { useEffect, useMemo, useRef, useState } from 'react';
import { plainError, settingFixFor, summarizeBrowser } from '../../../../electron/gateways/common/browser-summary.ts';
import type { BrowserStatus, ProfileView } from '../../../../electron/contract/contract.ts';
import type { Footprint } from '../../../../electron/ports/common/ports.ts';
import { uptime } from '../../format.ts';
import { useBlocked, useGateway, type HostTarget } from '../../host-scope.ts';
import { answered, isPending, noResults, requested, resultOf } from '../../profile-results.ts';
import { copyText } from '../../clipboard.ts';
import { settingTaken } from '../../browser-model.ts';
import { DashboardActions, Resources } from './Dashboard.tsx';
import { PeerBanners, PeerFields, PendingRestart } from './Banners.tsx';
import { GatewayActions, StartPhase, StateBadge } from '../ui/Gateway.tsx';
import { HistoryList } from '../ui/History.tsx';
import { ActionButton } from '../ui/ActionButton.tsx';
import { ErrorAlert } from '../ui/Notes.tsx';
import { useNow } from '../ui/time.ts';
import { Field } from '../ui/Field.tsx';
import { ProfilePlaces, RestartsAndHealth } from '../ui/ProfileFacts.tsx';

/** `browser status` in words: is the browser usable, and if not, what to do; the raw JSON behind a disclosure. */
function BrowserCard({
  target,
  name,
  status,
  footprint,
  onStatus,
}: {
  target: HostTarget;
  name: string;
  status: BrowserStatus;
  footprint: Footprint;
  onStatus: (status: BrowserStatus) => void;
}) {
  const summary = useMemo(() => summarizeBrowser(status, { profile: name, footprint }), [status, name, footprint]);
  const blocked = useBlocked(target.host);
  const [copied, setCopied] = useState(false);
  const [acting, setActing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // A setting on its way into the gateway: the browser's verb waits for it.
  const [waiting, setWaiting] = useState(false);
  const act = async (action: 'start' | 'stop') => {
    setActing(true);
    setFailure(null);
    const result = await target.run('gateway.browserControl', { name, action });
    setActing(false);
    if (result.ok) onStatus(result.result);
    else setFailure(plainError(result.error) ?? result.error);
  };
  const where = target.host === null ? '' : ` on ${target.host}`;
  return (
    <section
      className={`card browser-card tone-${summary.tone}`}
      aria-label={`Browser status of ${name}${where}`}
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
          <ActionButton
            type="button"
            blocked={blocked}
            disabled={acting || waiting}
            title={waiting ? `waiting for ${name} to take the new setting` : undefined}
            onClick={() => void act(summary.action ?? 'start')}
          >
            {acting
              ? summary.action === 'start'
                ? 'Starting the browser…'
                : 'Stopping the browser…'
              : summary.action === 'start'
                ? 'Start browser'
                : 'Stop browser'}
          </ActionButton>
          <span className="muted">or run{where}</span>
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
      <SettingFixButton
        target={target}
        name={name}
        error={failure ?? summary.error}
        onStatus={(next) => {
          setFailure(null);
          onStatus(next);
        }}
        onWaiting={setWaiting}
      />
      <details>
        <summary>Details (raw JSON)</summary>
        <pre className="raw">{JSON.stringify(status, null, 2)}</pre>
      </details>
    </section>
  );
}

const TAKE_TRIES = 60;
const TAKE_EVERY_MS = 1000;

/**
 * A setting OpenClaw asks for that Lobsterpot knows (browser.noSandbox when Chrome refuses to run as root), set with one
 * click through OpenClaw's own config writer (`profiles.update`) on the profile's host. OpenClaw takes a saved change
 * by reloading itself: until its browser status reports the setting, a start would still run the old way, so the card
 * asks again (each second, a minute at most) and says "start the browser again" only once it is in force.
 */
function SettingFixButton({
  target,
  name,
  error,
  onStatus,
  onWaiting,
}: {
  target: HostTarget;
  name: string;
  error: string | null;
  onStatus: (status: BrowserStatus) => void;
  onWaiting: (waiting: boolean) => void;
}) {
  const fix = settingFixFor(error);
  const blocked = useBlocked(target.host);
  const shown = useRef(true);
  useEffect(
    () => () => {
      shown.current = false;
    },
    [],
  );
  const [state, setState] = useState<{ busy: boolean; note: string | null; failed: string | null }>({
    busy: false,
    note: null,
    failed: null,
  });
  if (!fix && !state.note) return null;
  const taken = async (): Promise<boolean> => {
    if (!fix) return false;
    for (let tries = 0; tries < TAKE_TRIES && shown.current; tries++) {
      const status = await target.run('gateway.browserStatus', { name, via: 'ws' });
      if (status.ok && settingTaken(fix, status.result)) {
        onStatus(status.result);
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, TAKE_EVERY_MS));
    }
    return false;
  };
  const set = async () => {
    setState({ busy: true, note: null, failed: null });
    const result = await target.run('profiles.update', { name, browserNoSandbox: true });
    if (!result.ok) return setState({ busy: false, note: null, failed: result.error });
    const path = fix?.path ?? 'it';
    setState({ busy: true, note: `Set ${path}; waiting for ${name} to take it…`, failed: null });
    onWaiting(true);
    const inForce = await taken();
    onWaiting(false);
    if (!shown.current) return;
    setState({
      busy: false,
      note: inForce
        ? `Set ${path} through OpenClaw’s config writer: start the browser again.`
        : `Set ${path} through OpenClaw’s config writer; ${name} has not taken it yet: check the browser status again.`,
      failed: null,
    });
  };
  return (
    <p className="row">
      {fix && !state.note && (
        <ActionButton className="primary" blocked={blocked} disabled={state.busy} onClick={() => void set()}>
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

/** Who runs the gateway and since when, in one line: "pid 4242 · lobsterpot · up 5m · ready in 3.2 s". */
function processText(status: ReturnType<typeof useGateway>, host: string | null, now: number): string {
  if (!status) return host === null ? 'not running' : 'unknown';
  if (status.pid === null) return 'not running';
  const up = status.startedAt ? ` · up ${uptime(now - status.startedAt)}` : '';
  const ready =
    status.readyAt && status.startedAt && status.readyAt >= status.startedAt
      ? ` · ready in ${((status.readyAt - status.startedAt) / 1000).toFixed(1)} s`
      : '';
  return `pid ${status.pid}${host === null ? '' : ` on ${host}`} · ${status.owner ?? 'unknown owner'}${up}${ready}`;
}

export function StatusTab({ target, profile }: { target: HostTarget; profile: ProfileView }) {
  const { host } = target;
  const name = profile.name;
  const status = useGateway(host, name);
  const blocked = useBlocked(host);
  const now = useNow();
  // Kept by profile: an answer that comes after a switch to another profile stays under the one that asked.
  const [browser, setBrowser] = useState(noResults<BrowserStatus>);
  const checkBrowser = async (via: 'ws' | 'cli') => {
    setBrowser((results) => requested(results, name));
    const result = await target.run('gateway.browserStatus', { name, via });
    setBrowser((results) =>
      answered(results, name, result.ok ? { ok: true, value: result.result } : { ok: false, error: result.error }),
    );
  };
  const checking = isPending(browser, name);
  const outcome = resultOf(browser, name);
  return (
    <section aria-label="Status">
      <PendingRestart target={target} name={name} />
      <PeerBanners target={target} name={name} />
      <dl className="fields">
        <Field label="State">
          <StateBadge host={host} name={name} /> <StartPhase host={host} name={name} />{' '}
          {status?.reason && <span className="muted">{status.reason}</span>}
        </Field>
        {host !== null && <Field label="Host">{host}</Field>}
        <ProfilePlaces profile={profile} />
        <Field label="Process">{processText(status, host, now)}</Field>
        <Field label="CPU, memory">
          <Resources target={target} name={name} />
        </Field>
        <RestartsAndHealth status={status ?? undefined} unknown={status || host === null ? '0' : '–'} />
        <Field label="RPC">
          {status?.rpc?.version ? `OpenClaw ${status.rpc.version}` : (status?.rpc?.error ?? '–')}
        </Field>
        <Field label="Service">
          {!status ? '–' : status.service?.installed ? `installed${status.service.active ? ', running' : ''}` : 'none'}
        </Field>
        <PeerFields target={target} name={name} />
        <Field label="Listeners">
          {status?.listeners?.length
            ? status.listeners
                .map((l) => `${l.port} ${l.profile === name ? '(own)' : `pid ${l.pid ?? '?'} ${l.command ?? ''}`}`)
                .join(' · ')
            : status
              ? 'none'
              : '–'}
          {status?.pendingRestart && (
            <span className="muted"> (on the saved ports; it still runs on {status.port})</span>
          )}
        </Field>
      </dl>
      <div className="buttons">
        <GatewayActions host={host} name={name} />
        <DashboardActions target={target} name={name} />
      </div>
      <HistoryList name={name} target={target} />
      <div className="buttons">
        <ActionButton type="button" blocked={blocked} disabled={checking} onClick={() => checkBrowser('ws')}>
          {checking ? 'Checking…' : 'Browser status'}
        </ActionButton>
        <ActionButton
          type="button"
          blocked={blocked}
          disabled={checking}
          onClick={() => checkBrowser('cli')}
          title="Runs `openclaw browser status` (slower)"
        >
          via CLI
        </ActionButton>
      </div>
      <ErrorAlert error={outcome && !outcome.ok ? (plainError(outcome.error) ?? outcome.error) : null} />
      {outcome?.ok && (
        <BrowserCard
          target={target}
          name={name}
          status={outcome.value}
          footprint={profile.footprint}
          onStatus={(next) => setBrowser((results) => answered(results, name, { ok: true, value: next }))}
        />
      )}
    </section>
  );
}
