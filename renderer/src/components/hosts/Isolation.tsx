// The isolation audit beside the port map: what two profiles share that they must not, each with its fix.
import { auditCounts } from '../../peer-model.ts';
import { headingFor, LOCAL, onHost, useHostReport, type HostTarget } from '../../host-scope.ts';
import '../ui/peer.css';
import { ActionButton } from '../ui/ActionButton.tsx';

const KIND_WORDS: Record<string, string> = {
  'shared-credential': 'shared credential',
  'shared-agent-dir': 'shared agent dir',
  'shared-workspace': 'shared workspace',
  'shared-state-dir': 'shared state dir',
  'shared-config': 'shared config',
  'same-cdp-url': 'same CDP URL',
  'same-port': 'same port',
  'env-override': 'environment override',
};

/**
 * The audit of one host: asked when shown, again when a profile there changes or the host comes back, and on Check
 * again. Another host's audit is asked of that host (its snapshot does not carry one).
 */
export function Isolation({ highlight, target = LOCAL }: { highlight?: string | null; target?: HostTarget }) {
  const { host } = target;
  // Profiles change when a config does: the audit is run again then (credentials are read by the core, hashed).
  const { report, error, looking: busy, look: check, blocked } = useHostReport(target, 'audit.run');
  const findings = report?.findings ?? [];
  const counts = auditCounts(findings);
  const Heading = headingFor(host);
  return (
    <section className="isolation" aria-label={onHost('Isolation', host)}>
      <div className="peer-head">
        <Heading>Isolation</Heading>
        <span className={!report ? 'muted' : counts ? (report.hasErrors ? 'error-text' : 'warn-text') : 'ok-text'}>
          {report ? (counts ?? 'nothing shared') : blocked === null ? 'checking…' : 'not checked'}
        </span>
        <span className="muted peer-when">
          {[report && `checked ${new Date(report.checkedAt).toLocaleTimeString()}`, blocked]
            .filter(Boolean)
            .join(' · ')}
        </span>
        <ActionButton
          type="button"
          className="small"
          disabled={busy || blocked !== null}
          title={blocked ?? undefined}
          aria-label={host === null ? undefined : `Check the isolation on ${host} again`}
          onClick={() => void check()}
        >
          {busy ? 'Checking…' : 'Check again'}
        </ActionButton>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {report && !findings.length && (
        <p className="ok-text">
          No two profiles share a bot token or other channel credential, a state dir, config, workspace or agent dir, a
          pinned CDP URL or a port.
        </p>
      )}
      {findings.length > 0 && (
        <ul className="findings" aria-label="Isolation findings">
          {findings.map((f, i) => (
            <li
              key={`${f.kind}-${f.profiles.join('-')}-${i}`}
              className={`finding finding-${f.severity}${highlight && f.profiles.includes(highlight) ? ' finding-mine' : ''}`}
              data-kind={f.kind}
            >
              <div className="peer-finding-head">
                <strong>{f.severity === 'error' ? 'Error' : 'Warning'}</strong>
                <span className="peer-kind">{KIND_WORDS[f.kind] ?? f.kind}</span>
                {f.profiles.map((p) => (
                  <span key={p} className="peer-chip">
                    {p}
                  </span>
                ))}
              </div>
              <div>{f.message}</div>
              <div className="fix">Fix: {f.fix}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
