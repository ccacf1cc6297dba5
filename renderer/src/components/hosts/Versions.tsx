// OpenClaw's versions on one host: the installs, which profile runs which, a version skew between running gateways,
// and an update (a dry run first: the order, canary first; then the real one, whose report says how each came back).
import { useState } from 'react';
import type { UpdateReport } from '../../../../electron/contract/contract.ts';
import { headingFor, LOCAL, onHost, useHostReport, type HostTarget } from '../../host-scope.ts';
import '../ui/peer.css';
import { ActionButton } from '../ui/ActionButton.tsx';

const SOURCE_WORDS = { located: 'located', lobsterpot: 'installed by Lobsterpot', profile: "a profile's own" } as const;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function Versions({ target = LOCAL }: { target?: HostTarget }) {
  const { host, run } = target;
  const { report, error, setError, look, blocked } = useHostReport(target, 'openclaw.versions');
  const [chosen, setChosen] = useState('');
  const [preview, setPreview] = useState<UpdateReport | null>(null);
  const [outcome, setOutcome] = useState<UpdateReport | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const update = async (dryRun: boolean) => {
    if (!chosen) return;
    setBusy(dryRun ? 'preview' : 'update');
    const result = await run('openclaw.update', { target: chosen, dryRun });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setError(null);
    if (dryRun) setPreview(result.result);
    else {
      setPreview(null);
      setOutcome(result.result);
      await look();
    }
  };
  const Heading = headingFor(host);
  const installs = report?.installs ?? [];
  return (
    <section className="isolation versions" aria-label={onHost('OpenClaw versions', host)}>
      <div className="peer-head">
        <Heading>OpenClaw versions</Heading>
        <span className={report?.skew ? 'warn-text' : 'muted'}>
          {report ? (report.skew ? 'version skew' : `${installs.length} installed`) : 'looking…'}
        </span>
        <ActionButton type="button" className="small" disabled={blocked !== null} onClick={() => void look()}>
          Look again
        </ActionButton>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {report?.skew && (
        <p className="finding finding-warning" role="status" aria-label="Version skew">
          {report.skew.message}
        </p>
      )}
      {report && (
        <table className="versions-table" aria-label="Installed OpenClaws">
          <thead>
            <tr>
              <th>Version</th>
              <th>What</th>
              <th>Profiles set to it</th>
              <th>Path</th>
            </tr>
          </thead>
          <tbody>
            {installs.map((i) => (
              <tr key={i.path}>
                <td>{i.version ?? '?'}</td>
                <td>{SOURCE_WORDS[i.source]}</td>
                <td>{i.profiles.join(', ') || '–'}</td>
                <td className="muted">{i.path}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report && report.profiles.length > 0 && (
        <table className="versions-table" aria-label="Which profile runs which">
          <thead>
            <tr>
              <th>Profile</th>
              <th>State</th>
              <th>Runs</th>
              <th>Install</th>
            </tr>
          </thead>
          <tbody>
            {report.profiles.map((p) => (
              <tr key={p.profile}>
                <td>{p.profile}</td>
                <td>{p.state}</td>
                <td>{p.running ?? '–'}</td>
                <td>{p.install ? `${p.install.version ?? '?'}${p.pinned ? '' : ' (located)'}` : 'missing'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {installs.length > 0 && (
        <div className="peer-head">
          <label>
            Update running gateways to{' '}
            <select
              aria-label="Update to"
              value={chosen}
              onChange={(e) => {
                setChosen(e.target.value);
                setPreview(null);
              }}
            >
              <option value="">choose an install</option>
              {installs.map((i) => (
                <option key={i.path} value={i.path}>
                  {i.version ?? '?'} ({SOURCE_WORDS[i.source]})
                </option>
              ))}
            </select>
          </label>
          <ActionButton
            type="button"
            className="small"
            disabled={!chosen || busy !== null}
            onClick={() => void update(true)}
          >
            {busy === 'preview' ? 'Looking…' : 'Preview update'}
          </ActionButton>
        </div>
      )}
      {preview && (
        <div className="finding" aria-label="Update preview">
          <div>{preview.message}</div>
          <ol>
            {preview.plan.map((p, i) => (
              <li key={p.profile}>
                {i === 0 ? 'canary: ' : ''}
                {p.profile}
              </li>
            ))}
          </ol>
          <ActionButton
            type="button"
            disabled={busy !== null || !preview.plan.length}
            onClick={() => void update(false)}
          >
            {busy === 'update' ? 'Updating…' : 'Update'}
          </ActionButton>
        </div>
      )}
      {outcome && (
        <div
          className={`finding ${outcome.rolledBack || outcome.notTried.length ? 'finding-error' : ''}`}
          role="status"
          aria-label="Update report"
        >
          <div>{outcome.message}</div>
          <ul>
            {[outcome.canary, ...outcome.rolled, outcome.rolledBack].flatMap((s, i) =>
              s
                ? [
                    <li
                      key={`${s.profile}-${i}`}
                    >{`${i === 0 ? 'canary' : s === outcome.rolledBack ? 'rolled back' : 'rolled'} ${s.profile}: ${s.ok ? s.state : `failed (${s.reason ?? s.state})`} in ${seconds(s.tookMs)}`}</li>,
                  ]
                : [],
            )}
          </ul>
        </div>
      )}
    </section>
  );
}
