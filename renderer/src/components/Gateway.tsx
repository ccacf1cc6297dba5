// Per-gateway pieces of the details view: the start phase, restart to apply, the dashboard's actions, CPU and memory.
import { useEffect, useState } from 'react';
import type { GatewayResources } from '../../../electron/contract/contract.ts';
import { formatBytes, middleEllipsis, phaseText } from '../format.ts';
import { run, useStore } from '../store.ts';
import { copyText } from '../clipboard.ts';

/** The time now, redrawn every `ms` while the component is shown (elapsed times, uptime). */
export function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** Where a start is and how long it has taken; nothing when the gateway is not starting. */
export function StartPhase({ name }: { name: string }) {
  const status = useStore((s) => s.gateways[name]);
  const now = useNow(500);
  const text = phaseText(status, now);
  if (!text || status?.phase?.name === 'ready') return null;
  return (
    <span className="phase" data-phase={status?.phase?.name} role="status">
      {text}
    </span>
  );
}

/** A saved change the running gateway has not taken yet, and the Restart that applies it. */
export function PendingRestart({ name }: { name: string }) {
  const pending = useStore((s) => s.gateways[name]?.pendingRestart ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!pending) return null;
  return (
    <div className="banner banner-warn pending" role="status" aria-label="Restart to apply">
      <span>
        <strong>Restart to apply:</strong> saved {pending}; the gateway keeps serving on its old port until then.
      </span>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const result = await run('gateway.restart', { name });
          setBusy(false);
          if (!result.ok) setError(result.error);
        }}
      >
        {busy ? 'Restarting…' : 'Restart'}
      </button>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}

/** Open dashboard, Copy URL, Copy token: the token is fetched only on a click, and never kept in the store. */
export function DashboardActions({ name }: { name: string }) {
  const state = useStore((s) => s.gateways[name]?.state ?? 'stopped');
  const port = useStore((s) => s.gateways[name]?.port ?? null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const serving = state === 'ready' || state === 'degraded' || state === 'external';
  const act = async (what: 'open' | 'url' | 'token') => {
    setNote(null);
    try {
      if (what === 'url') {
        await copyText(`http://127.0.0.1:${port}/`);
        return setNote({ ok: true, text: 'URL copied' });
      }
      // Opened before the await: a window opened later is no longer the click's, and a popup blocker stops it.
      const tab = what === 'open' ? window.open('about:blank', '_blank') : null;
      const result = await run('gateway.dashboard', { name });
      if (!result.ok) {
        tab?.close();
        return setNote({ ok: false, text: result.error });
      }
      if (what === 'open') {
        if (tab) {
          tab.opener = null;
          tab.location.href = result.result.openUrl;
        } else window.open(result.result.openUrl, '_blank', 'noopener');
        return setNote({ ok: true, text: 'Dashboard opened' });
      }
      if (!result.result.token) return setNote({ ok: false, text: 'this profile has no token in its config' });
      await copyText(result.result.token);
      setNote({ ok: true, text: 'Token copied' });
    } catch (error) {
      setNote({ ok: false, text: `could not copy: ${(error as Error).message}` });
    }
  };
  return (
    <span className="actions" aria-label="Dashboard">
      <button type="button" disabled={!serving} onClick={() => act('open')}>
        Open dashboard
      </button>
      <button type="button" disabled={port === null} onClick={() => act('url')}>
        Copy URL
      </button>
      <button type="button" onClick={() => act('token')}>
        Copy token
      </button>
      {note && (
        <span className={note.ok ? 'ok-text' : 'error-text'} role={note.ok ? 'status' : 'alert'}>
          {note.text}
        </span>
      )}
    </span>
  );
}

/** CPU and memory of the gateway's process group, asked every 2 s only while this is on screen. */
export function Resources({ name }: { name: string }) {
  const pid = useStore((s) => s.gateways[name]?.pid ?? null);
  // undefined: not asked yet; null: the OS tells nothing of this process (another platform, a foreign group).
  const [reading, setReading] = useState<GatewayResources | null | undefined>(undefined);
  useEffect(() => {
    setReading(undefined);
    if (pid === null) return;
    let live = true;
    const ask = async () => {
      const result = await run('gateway.resources', { name });
      if (live) setReading(result.ok && result.result?.profile === name ? result.result : null);
    };
    void ask();
    const timer = setInterval(() => void ask(), 2000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [name, pid]);
  if (pid === null) return <>–</>;
  if (reading === undefined) return <span className="muted">measuring…</span>;
  if (reading === null) return <span className="muted">not available for this process</span>;
  return (
    <span className="num" aria-label="CPU and memory">
      CPU {reading.cpuPercent === null ? '…' : `${reading.cpuPercent.toFixed(1)} %`} · memory{' '}
      {formatBytes(reading.rssBytes)} · {reading.processes} process{reading.processes === 1 ? '' : 'es'}
    </span>
  );
}

/** A path shown whole when it fits, else cut in the middle; the whole path on hover, and a button that copies it. */
export function PathText({ path, max = 72 }: { path: string; max?: number }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="path">
      <code title={path}>{middleEllipsis(path, max)}</code>{' '}
      <button
        type="button"
        className="small"
        aria-label={`Copy ${path}`}
        onClick={async () => {
          await copyText(path).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}
