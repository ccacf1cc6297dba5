// Per-gateway pieces of the details view: the start phase, restart to apply, the dashboard's actions, CPU and memory.
import { useEffect, useState } from 'react';
import type { GatewayResources } from '../../../electron/contract/contract.ts';
import { formatBytes, phaseText } from '../format.ts';
import { run, useStore } from '../store.ts';
import { ActionButton } from './ui/ActionButton.tsx';
import { copy } from './ui/Copy.tsx';
import { useNow } from './ui/time.ts';

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
      <ActionButton
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
      </ActionButton>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}

/**
 * Open dashboard, Copy URL, Copy token. The URL is the core's (OpenClaw's own one-time pairing where the version has
 * it, so the page opens connected), asked on each click; the token only on a click, never kept in the store.
 */
export function DashboardActions({ name, blocked = null }: { name: string; blocked?: string | null }) {
  const state = useStore((s) => s.gateways[name]?.state ?? 'stopped');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<'open' | 'url' | 'token' | null>(null);
  const serving = state === 'ready' || state === 'degraded' || state === 'external';
  const access = async () => {
    const result = await run('gateway.dashboard', { name });
    if (!result.ok) throw new Error(result.error);
    return result.result;
  };
  const act = async (what: 'open' | 'url' | 'token') => {
    setNote(null);
    setBusy(what);
    // Opened before the await: a window opened later is no longer the click's, and a popup blocker stops it.
    const tab = what === 'open' ? window.open('about:blank', '_blank') : null;
    try {
      if (what === 'url') {
        const one = access();
        await copy(one.then((a) => a.openUrl));
        const { how } = await one;
        return setNote({
          ok: true,
          text: how === 'handoff' ? 'URL copied (a one-time link, 10 minutes)' : 'URL copied',
        });
      }
      if (what === 'token') {
        const { token } = await access();
        if (!token) return setNote({ ok: false, text: 'this profile has no token in its config' });
        await copy(token);
        return setNote({ ok: true, text: 'Token copied' });
      }
      const { openUrl } = await access();
      if (tab) {
        tab.opener = null;
        tab.location.href = openUrl;
      } else window.open(openUrl, '_blank', 'noopener');
      setNote({ ok: true, text: 'Dashboard opened' });
    } catch (error) {
      tab?.close();
      const message = (error as Error).message;
      setNote({ ok: false, text: what === 'open' ? message : `could not copy: ${message}` });
    } finally {
      setBusy(null);
    }
  };
  const why = blocked ?? (serving ? undefined : `${name} is ${state}: the dashboard needs a serving gateway`);
  return (
    <span className="actions" aria-label="Dashboard">
      <ActionButton
        type="button"
        disabled={!serving || blocked !== null || busy !== null}
        title={why}
        onClick={() => act('open')}
      >
        {busy === 'open' ? 'Opening…' : 'Open dashboard'}
      </ActionButton>
      <ActionButton
        type="button"
        disabled={!serving || blocked !== null || busy !== null}
        title={why}
        onClick={() => act('url')}
      >
        {busy === 'url' ? 'Copying…' : 'Copy URL'}
      </ActionButton>
      <ActionButton
        type="button"
        disabled={blocked !== null || busy !== null}
        title={blocked ?? undefined}
        onClick={() => act('token')}
      >
        Copy token
      </ActionButton>
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
