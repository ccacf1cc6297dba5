// A host's Start all, Stop all and Restart all (rolling), what they came to, and this host's raised watchdog alerts.
import { useState } from 'react';
import { watchdogRaised } from '../../../../electron/gateways/common/gateway-text.ts';
import { restartAllSummary } from '../../peer-model.ts';
import { LOCAL, onHost, targetOf, useFleet, type HostTarget } from '../../host-scope.ts';
import { fleetActions, type FleetVerb } from '../../hosts-model.ts';
import { hereOf } from '../../reducer.ts';
import { useStore } from '../../store.ts';
import '../ui/peer.css';
import { ActionButton } from '../ui/ActionButton.tsx';
import { useNow } from '../ui/time.ts';
import { WatchdogAlert } from '../ui/WatchdogAlert.tsx';

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
  const gateways = useStore((s) => hereOf(s).gateways);
  const now = useNow(5000);
  const raised = Object.values(gateways).filter((g) => watchdogRaised(g.watchdog));
  if (!raised.length) return null;
  return (
    <>
      {raised.map((g) => (
        <WatchdogAlert
          key={g.profile}
          target={targetOf(null)}
          name={g.profile}
          now={now}
          onShow={() => onShow(g.profile)}
        />
      ))}
    </>
  );
}
