// Beyond starting and stopping: Restart all (rolling), the watchdog's alerts, who runs a gateway and the hand-overs,
// restart to update, the doctor after an exit 78, backup and restore.
import { useState } from 'react';
import type { ProfileView } from '../../../electron/contract/contract.ts';
import {
  ownerText,
  sizeText,
  versionText,
  watchdogRaised,
  watchdogText,
} from '../../../electron/gateways/common/gateway-text.ts';
import { doctorSummary, handOverOffer, restartAllSummary } from '../peer-model.ts';
import { LOCAL, onHost, useFleet, type HostTarget } from '../host-scope.ts';
import { fleetActions, type FleetVerb } from '../hosts-model.ts';
import { run, useStore } from '../store.ts';
import { InstanceManage } from './Instances.tsx';
import './peer.css';
import { ActionButton } from './ui/ActionButton.tsx';
import { ErrorAlert } from './ui/Notes.tsx';
import { useNow } from './ui/time.ts';

/** A command behind a button: busy while it runs, its failure said where it was asked. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async <T,>(work: () => Promise<{ ok: true; result: T } | { ok: false; error: string }>) => {
    setBusy(true);
    setError(null);
    const result = await work();
    setBusy(false);
    if (!result.ok) setError(result.error);
    return result.ok ? result.result : null;
  };
  return { busy, error, act };
}

/** What Start all, Stop all or Restart all came to: a rolling restart's report, or a failure to start or stop them. */
export interface FleetReport {
  kind: 'restart' | 'bulk';
  ok: boolean;
  text: string;
}

const FLEET: { verb: FleetVerb; label: string }[] = [
  { verb: 'startAll', label: 'Start all' },
  { verb: 'stopAll', label: 'Stop all' },
  { verb: 'restartAll', label: 'Restart all' },
];

const ROLLING = 'One gateway at a time, each back to ready before the next; stops at the first that fails';

/**
 * Start all, Stop all and Restart all (rolling: one gateway at a time, each back to ready before the next, stopping at
 * the first failure) of one host, disabled with the reason when they cannot be asked.
 */
export function FleetActions({
  target = LOCAL,
  onReport,
}: {
  target?: HostTarget;
  onReport: (report: FleetReport | null) => void;
}) {
  const actions = fleetActions(useFleet(target.host));
  const [restarting, setRestarting] = useState(false);
  const act = async (verb: FleetVerb) => {
    onReport(null);
    if (verb !== 'restartAll') {
      const result = await target.run(verb === 'startAll' ? 'gateway.startAll' : 'gateway.stopAll', {});
      if (!result.ok) onReport({ kind: 'bulk', ok: false, text: result.error });
      return;
    }
    setRestarting(true);
    const result = await target.run('gateway.restartAll', { rolling: true });
    setRestarting(false);
    onReport({
      kind: 'restart',
      ...(result.ok ? restartAllSummary(result.result) : { ok: false, text: result.error }),
    });
  };
  return (
    <>
      {FLEET.map(({ verb, label }) => {
        const availability = actions[verb];
        const busy = verb === 'restartAll' && restarting;
        return (
          <ActionButton
            key={verb}
            type="button"
            disabled={busy || !availability.enabled}
            title={availability.reason ?? (verb === 'restartAll' ? ROLLING : undefined)}
            aria-label={target.host === null ? undefined : onHost(label, target.host)}
            onClick={() => void act(verb)}
          >
            {busy ? 'Restarting one by one…' : label}
          </ActionButton>
        );
      })}
    </>
  );
}

/** The report of a host's Start all, Stop all or Restart all, where its buttons are. */
export function FleetBanner({ report, host = null }: { report: FleetReport | null; host?: string | null }) {
  if (!report) return null;
  if (report.kind === 'bulk')
    return (
      <p className="banner banner-bad" role="alert">
        {report.text}
      </p>
    );
  return (
    <p
      className={`banner ${report.ok ? 'banner-ok' : 'banner-bad'}`}
      role="status"
      aria-label={onHost('Restart all', host)}
    >
      {report.text}
    </p>
  );
}

/** Every raised, unacknowledged watchdog alert, each with Acknowledge. */
export function WatchdogAlerts({ onShow }: { onShow: (name: string) => void }) {
  const gateways = useStore((s) => s.gateways);
  const now = useNow(5000);
  const raised = Object.values(gateways).filter((g) => watchdogRaised(g.watchdog));
  if (!raised.length) return null;
  return (
    <>
      {raised.map((g) => (
        <WatchdogAlert key={g.profile} name={g.profile} now={now} onShow={() => onShow(g.profile)} />
      ))}
    </>
  );
}

function WatchdogAlert({ name, now, onShow }: { name: string; now: number; onShow?: () => void }) {
  const status = useStore((s) => s.gateways[name]);
  const { busy, error, act } = useAction();
  const text = watchdogText(status?.watchdog, now);
  if (!text || !watchdogRaised(status?.watchdog)) return null;
  return (
    <div className="banner banner-bad peer-banner" role="alert" aria-label={`Watchdog: ${name}`}>
      <span>
        <strong>{name}</strong> is {text} (now {status?.state}
        {status?.reason ? `: ${status.reason}` : ''}).
      </span>
      <ActionButton
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => act(() => run('watchdog.acknowledge', { name }))}
      >
        Acknowledge
      </ActionButton>
      {onShow && (
        <button type="button" onClick={onShow}>
          Show {name}
        </button>
      )}
      <ErrorAlert error={error} />
    </div>
  );
}

/** What needs a person on one gateway: its watchdog alert, an OpenClaw update, the doctor after an exit 78. */
export function PeerBanners({ name }: { name: string }) {
  const status = useStore((s) => s.gateways[name]);
  const now = useNow(5000);
  const restart = useAction();
  const doctor = useAction();
  const update = versionText(status?.versions);
  return (
    <>
      <WatchdogAlert name={name} now={now} />
      {update && (
        <div className="banner banner-warn peer-banner" role="status" aria-label="Restart to update">
          <span>
            <strong>Restart to update:</strong> {name} {update}.
          </span>
          <ActionButton
            type="button"
            className="primary"
            disabled={restart.busy}
            onClick={() => restart.act(() => run('gateway.restart', { name }))}
          >
            {restart.busy ? 'Restarting…' : 'Restart to update'}
          </ActionButton>
          <ErrorAlert error={restart.error} />
        </div>
      )}
      {status?.doctor?.offered && (
        <div className="banner banner-bad peer-banner" role="status" aria-label="Doctor">
          <span>
            <strong>Config error (exit 78).</strong> OpenClaw&apos;s own repair, <code>doctor --fix</code>, may mend it:
            it runs once, then the gateway is started once more.
          </span>
          <ActionButton
            type="button"
            className="primary"
            disabled={doctor.busy}
            onClick={() => doctor.act(() => run('gateway.doctor', { name }))}
          >
            {doctor.busy ? 'Running the doctor…' : 'Run doctor'}
          </ActionButton>
          <ErrorAlert error={doctor.error} />
        </div>
      )}
      {status?.doctor?.last && (
        <details className="doctor-report" open={status.state === 'config-error' || status.doctor.last.retry === null}>
          <summary>
            Doctor, {new Date(status.doctor.last.at).toLocaleTimeString()}: {doctorSummary(status.doctor.last)}
          </summary>
          <pre aria-label={`Doctor's report for ${name}`}>
            {status.doctor.last.report.join('\n') || '(it said nothing)'}
          </pre>
        </details>
      )}
    </>
  );
}

/** Status fields: who runs the gateway (and how that is known), its versions, the watchdog. */
export function PeerFields({ name }: { name: string }) {
  const status = useStore((s) => s.gateways[name]);
  const now = useNow(5000);
  const offer = handOverOffer(status);
  const handOver = useAction();
  if (!status) return null;
  const versions = status.versions;
  return (
    <>
      <dt>Owner</dt>
      <dd>
        {ownerText(status)}
        {status.supervisor?.evidence.length ? (
          <span className="muted"> ({status.supervisor.evidence.join(', ')})</span>
        ) : null}
        {offer === 'to-lobsterpot' && (
          <>
            {' '}
            <ActionButton
              type="button"
              className="small"
              disabled={handOver.busy}
              title="Stop and uninstall the OS service, then Lobsterpot starts (or adopts) the gateway"
              onClick={() => handOver.act(() => run('gateway.handOverToLobsterpot', { name }))}
            >
              {handOver.busy ? 'Handing over…' : 'Let Lobsterpot run it'}
            </ActionButton>
          </>
        )}
        <ErrorAlert error={handOver.error} />
      </dd>
      <dt>Version</dt>
      <dd>
        {status.pid === null ? '' : versions?.running ? `runs ${versions.running} · ` : 'running version unknown · '}
        {versions?.installed ? `${versions.installed} installed` : 'installed version unknown'}
        {versions?.restartToUpdate && <span className="warn-text"> · restart to update</span>}
      </dd>
      {status.watchdog && (
        <>
          <dt>Watchdog</dt>
          <dd className={status.watchdog.acknowledged ? 'muted' : 'error-text'}>
            {watchdogText(status.watchdog, now)}
          </dd>
        </>
      )}
    </>
  );
}

/** Manage: run it as an OS service, back it up, restore a backup into a new profile. */
export function PeerManage({ profile }: { profile: ProfileView }) {
  const name = profile.name;
  const offer = useStore((s) => handOverOffer(s.gateways[name]));
  const handOver = useAction();
  const backup = useAction();
  const restore = useAction();
  const [output, setOutput] = useState('');
  const [archive, setArchive] = useState('');
  const [restoreName, setRestoreName] = useState('');
  const [restorePort, setRestorePort] = useState('');
  const [note, setNote] = useState<string | null>(null);
  return (
    <div className="peer-manage">
      {/* An instance set up by environment has no OS service (OpenClaw skips it): its own block says so. */}
      <InstanceManage profile={profile} />
      {offer === 'to-service' && profile.layout !== 'env' && (
        <div className="row">
          <ActionButton
            type="button"
            disabled={handOver.busy}
            title="Install OpenClaw's OS service on the port the gateway uses now, stop Lobsterpot's copy, watch the service's"
            onClick={async () => {
              const status = await handOver.act(() => run('gateway.handOverToService', { name }));
              if (status) setNote(`${name} now runs as an OS service (${status.state}).`);
            }}
          >
            {handOver.busy ? 'Handing over…' : 'Run it as an OS service'}
          </ActionButton>
          <ErrorAlert error={handOver.error} />
        </div>
      )}
      <h3 className="subhead">Backup</h3>
      <form
        className="row"
        onSubmit={async (event) => {
          event.preventDefault();
          setNote(null);
          const result = await backup.act(() =>
            run('profiles.backup', { name, ...(output.trim() ? { output: output.trim() } : {}) }),
          );
          if (result) {
            setNote(`Backed up ${name}: ${result.archive} (${sizeText(result.bytes)}).`);
            setArchive(result.archive);
          }
        }}
      >
        <label htmlFor="backup-output">Into folder</label>
        <input
          id="backup-output"
          placeholder="Lobsterpot's backups"
          value={output}
          onChange={(e) => setOutput(e.target.value)}
        />
        <ActionButton type="submit" disabled={backup.busy}>
          {backup.busy ? 'Backing up…' : `Back up ${name}`}
        </ActionButton>
      </form>
      <ErrorAlert error={backup.error} />
      <h3 className="subhead">Restore into a new profile</h3>
      <form
        className="row"
        onSubmit={async (event) => {
          event.preventDefault();
          setNote(null);
          const port = restorePort.trim() ? Number(restorePort) : undefined;
          const result = await restore.act(() =>
            run('profiles.restore', {
              archive: archive.trim(),
              name: restoreName.trim(),
              ...(port === undefined ? {} : { port }),
            }),
          );
          if (result) setNote(`Restored as ${result.name} on port ${result.effectivePort}.`);
        }}
      >
        <label htmlFor="restore-archive">Archive</label>
        <input id="restore-archive" className="wide" value={archive} onChange={(e) => setArchive(e.target.value)} />
        <label htmlFor="restore-name">New name</label>
        <input id="restore-name" value={restoreName} onChange={(e) => setRestoreName(e.target.value)} />
        <label htmlFor="restore-port">Port</label>
        <input
          id="restore-port"
          inputMode="numeric"
          placeholder="suggested"
          size={8}
          value={restorePort}
          onChange={(e) => setRestorePort(e.target.value)}
        />
        <ActionButton type="submit" disabled={restore.busy || !archive.trim() || !restoreName.trim()}>
          {restore.busy ? 'Restoring…' : 'Restore'}
        </ActionButton>
      </form>
      <ErrorAlert error={restore.error} />
      {note && (
        <p className="ok-text" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
