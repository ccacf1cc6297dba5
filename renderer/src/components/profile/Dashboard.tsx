// A gateway's dashboard (Open, Copy URL, Copy token) and its CPU and memory, in the profile panel of any host.
import { useEffect, useState } from 'react';
import { STATES } from '../../../../electron/contract/states.ts';
import type { GatewayResources } from '../../../../electron/contract/contract.ts';
import { formatBytes, resourcesNote } from '../../format.ts';
import { useBlocked, useGateway, type HostTarget } from '../../host-scope.ts';
import { ActionButton } from '../ui/ActionButton.tsx';
import { copy } from '../ui/Copy.tsx';

/** Why another host's dashboard cannot be opened from here: it listens on that host's loopback only. */
export const remoteDashboardReason = (name: string, host: string) =>
  `the dashboard of ${name} listens on ${host}'s own 127.0.0.1: open it on ${host} (lobsterpot open ${name})`;

/**
 * Open dashboard, Copy URL, Copy token. The URL is the core's (OpenClaw's own one-time pairing where the version has
 * it, so the page opens connected), asked on each click; the token only on a click, never kept in the store.
 */
export function DashboardActions({ target, name }: { target: HostTarget; name: string }) {
  const { host } = target;
  const state = useGateway(host, name)?.state ?? (host === null ? 'stopped' : 'unknown');
  const blocked = useBlocked(host);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<'open' | 'url' | 'token' | null>(null);
  const serving = state !== 'unknown' && STATES[state].up;
  const access = async () => {
    const result = await target.run('gateway.dashboard', { name });
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
  // Another host's dashboard is on its loopback: only its token is of use from here (through a tunnel of one's own).
  const away = host === null ? null : remoteDashboardReason(name, host);
  const why = blocked ?? away ?? (serving ? undefined : `${name} is ${state}: the dashboard needs a serving gateway`);
  const openable = serving && blocked === null && away === null && busy === null;
  return (
    <span className="actions" aria-label="Dashboard">
      <ActionButton type="button" disabled={!openable} title={why} onClick={() => act('open')}>
        {busy === 'open' ? 'Opening…' : 'Open dashboard'}
      </ActionButton>
      <ActionButton type="button" disabled={!openable} title={why} onClick={() => act('url')}>
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
export function Resources({ target, name }: { target: HostTarget; name: string }) {
  const { run } = target;
  const pid = useGateway(target.host, name)?.pid ?? null;
  const blocked = useBlocked(target.host);
  // undefined: not asked yet; null: the OS tells nothing of this process (another platform, a foreign group).
  const [reading, setReading] = useState<GatewayResources | null | undefined | 'failed'>(undefined);
  useEffect(() => {
    setReading(undefined);
    if (pid === null || blocked !== null) return;
    let live = true;
    const ask = async () => {
      const result = await run('gateway.resources', { name });
      if (!live) return;
      setReading(!result.ok ? 'failed' : result.result?.profile === name ? result.result : null);
    };
    void ask();
    const timer = setInterval(() => void ask(), 2000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [run, name, pid, blocked]);
  const note = resourcesNote(pid, reading, blocked);
  if (note !== null || !reading || reading === 'failed')
    return note === '–' ? (
      <>–</>
    ) : (
      <span className="muted" title={blocked ?? undefined}>
        {note}
      </span>
    );
  return (
    <span className="num" aria-label="CPU and memory">
      CPU {reading.cpuPercent === null ? '…' : `${reading.cpuPercent.toFixed(1)} %`} · memory{' '}
      {formatBytes(reading.rssBytes)} · {reading.processes} process{reading.processes === 1 ? '' : 'es'}
    </span>
  );
}
