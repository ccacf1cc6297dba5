// Manage of an instance set up by environment, on any host: what it runs with, why no OS service, "Convert to a
// profile" (a backup first, the moves shown before they are made).
import { useState } from 'react';
import type { ConvertReport, ProfileView } from '../../../../electron/contract/contract.ts';
import type { HostTarget } from '../../host-scope.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorAlert } from '../ui/Notes.tsx';

function Moves({ report }: { report: ConvertReport }) {
  return (
    <ul className="moves">
      {report.moves.map((move) => (
        <li key={move.from + move.to}>
          {move.what}: <code>{move.from}</code> → <code>{move.to}</code>
        </li>
      ))}
    </ul>
  );
}

/** Where a profile's service hand-over would be: what the instance runs with, why no service, and the conversion. */
export function InstanceManage({ target, profile }: { target: HostTarget; profile: ProfileView }) {
  const { run } = target;
  const [plan, setPlan] = useState<ConvertReport | null>(null);
  const [done, setDone] = useState<ConvertReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const info = profile.instance;
  if (profile.layout !== 'env' || !info) return null;
  return (
    <div className="instance-manage">
      <h3 className="subhead">Set up by environment</h3>
      <p className="muted">
        Started with exactly <code>OPENCLAW_CONFIG_PATH={profile.configPath}</code> and{' '}
        <code>OPENCLAW_STATE_DIR={profile.stateDir}</code>, no <code>--profile</code>.
      </p>
      <p role="note">{info.service}</p>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setError(null);
          const result = await run('profiles.convert', { name: profile.name, dryRun: true });
          if (result.ok) setPlan(result.result);
          else setError(result.error);
        }}
      >
        Convert to a profile…
      </button>
      <ErrorAlert error={error} />
      {done && (
        <p role="status">
          {done.from} is now the profile {done.to}
          {done.backup ? `; the backup taken first is ${done.backup.archive}` : ''}
          {done.started ? `; started again: ${done.started.state}` : ''}.
        </p>
      )}
      {plan && (
        <Dialog title={`Convert ${plan.from} to a profile`} onClose={() => setPlan(null)}>
          <p>
            {plan.from} becomes the profile <strong>{plan.to}</strong>. A backup is taken first
            {plan.wasRunning ? '; it is stopped first and started again' : ''}. What moves:
          </p>
          <Moves report={plan} />
          <ErrorAlert error={error} />
          <div className="buttons">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                setError(null);
                const result = await run('profiles.convert', { name: plan.from, to: plan.to });
                setBusy(false);
                if (!result.ok) return setError(result.error);
                setPlan(null);
                setDone(result.result);
              }}
            >
              {busy ? 'Converting…' : 'Convert'}
            </button>
            <button type="button" onClick={() => setPlan(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
