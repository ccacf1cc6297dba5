// What needs a person on one gateway, on any host: restart to apply, its watchdog alert, an OpenClaw update, the
// doctor after an exit 78; and the status fields of who runs it and which version.
import { ownerText, versionText, watchdogText } from '../../../../electron/gateways/common/gateway-text.ts';
import { doctorSummary, handOverOffer } from '../../peer-model.ts';
import { useBlocked, useGateway, type HostTarget } from '../../host-scope.ts';
import '../ui/peer.css';
import { ActionButton } from '../ui/ActionButton.tsx';
import { ErrorAlert } from '../ui/Notes.tsx';
import { useNow } from '../ui/time.ts';
import { useAction } from '../ui/action.ts';
import { WatchdogAlert } from '../ui/WatchdogAlert.tsx';

/** A saved change the running gateway has not taken yet, and the Restart that applies it. */
export function PendingRestart({ target, name }: { target: HostTarget; name: string }) {
  const pending = useGateway(target.host, name)?.pendingRestart ?? null;
  const blocked = useBlocked(target.host);
  const { busy, error, act } = useAction();
  if (!pending) return null;
  return (
    <div className="banner banner-warn pending" role="status" aria-label="Restart to apply">
      <span>
        <strong>Restart to apply:</strong> saved {pending}; the gateway keeps serving on its old port until then.
      </span>
      <ActionButton
        type="button"
        className="primary"
        blocked={blocked}
        disabled={busy}
        onClick={() => act(() => target.run('gateway.restart', { name }))}
      >
        {busy ? 'Restarting…' : 'Restart'}
      </ActionButton>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}

/** What needs a person on one gateway: its watchdog alert, an OpenClaw update, the doctor after an exit 78. */
export function PeerBanners({ target, name }: { target: HostTarget; name: string }) {
  const status = useGateway(target.host, name);
  const blocked = useBlocked(target.host);
  const now = useNow(5000);
  const restart = useAction();
  const doctor = useAction();
  const update = versionText(status?.versions);
  return (
    <>
      <WatchdogAlert target={target} name={name} now={now} />
      {update && (
        <div className="banner banner-warn peer-banner" role="status" aria-label="Restart to update">
          <span>
            <strong>Restart to update:</strong> {name} {update}.
          </span>
          <ActionButton
            type="button"
            className="primary"
            blocked={blocked}
            disabled={restart.busy}
            onClick={() => restart.act(() => target.run('gateway.restart', { name }))}
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
            blocked={blocked}
            disabled={doctor.busy}
            onClick={() => doctor.act(() => target.run('gateway.doctor', { name }))}
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
export function PeerFields({ target, name }: { target: HostTarget; name: string }) {
  const status = useGateway(target.host, name);
  const blocked = useBlocked(target.host);
  const now = useNow(5000);
  const offer = handOverOffer(status ?? undefined);
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
              blocked={blocked}
              disabled={handOver.busy}
              title="Stop and uninstall the OS service, then Lobsterpot starts (or adopts) the gateway"
              onClick={() => handOver.act(() => target.run('gateway.handOverToLobsterpot', { name }))}
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
