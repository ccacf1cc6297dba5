// Instances set up by environment (OPENCLAW_CONFIG_PATH + OPENCLAW_STATE_DIR, the seeds' manual example): their mark
// in the table, "Add an existing gateway…", and in Manage what they run with, why no OS service, "Convert to a profile".
import { useState } from 'react';
import type { ConvertReport, ProfileView } from '../../../electron/contract/contract.ts';
import { run } from '../store.ts';
import { Dialog } from './ui/Dialog.tsx';
import { ErrorAlert } from './ui/Notes.tsx';

/** The mark beside an instance's name in the profiles table. */
export function LayoutMark({ profile }: { profile: ProfileView }) {
  if (profile.layout !== 'env') return null;
  return (
    <span
      className="badge badge-info"
      title={`Set up by environment: OPENCLAW_CONFIG_PATH=${profile.configPath} OPENCLAW_STATE_DIR=${profile.stateDir}`}
    >
      env
    </span>
  );
}

/** "Add an existing gateway…": a config file and the state dir it runs with, sent as `profiles.add`. */
export function AddInstanceDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (name: string) => void }) {
  const [config, setConfig] = useState('');
  const [stateDir, setStateDir] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = (id: string, label: string, value: string, set: (v: string) => void, hint: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="wide"
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoFocus={id === 'instance-config'}
        onChange={(e) => set(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <small id={`${id}-hint`} className="muted">
        {hint}
      </small>
    </div>
  );
  return (
    <Dialog title="Add an existing gateway" onClose={onClose}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          const result = await run('profiles.add', {
            config: config.trim(),
            stateDir: stateDir.trim(),
            ...(name.trim() ? { name: name.trim() } : {}),
          });
          setBusy(false);
          if (result.ok) onAdded(result.result.name);
          else setError(result.error);
        }}
      >
        <p className="muted">
          A gateway set up by environment (<code>OPENCLAW_CONFIG_PATH</code> and <code>OPENCLAW_STATE_DIR</code>).
          Configs beside each other in <code>~/.openclaw</code> show up by themselves; add one from anywhere else here.
          Lobsterpot starts it with exactly those two variables.
        </p>
        {field(
          'instance-config',
          'Config file',
          config,
          setConfig,
          'Its OPENCLAW_CONFIG_PATH: an absolute path or ~/….',
        )}
        {field('instance-state', 'State dir', stateDir, setStateDir, 'Its OPENCLAW_STATE_DIR.')}
        {field(
          'instance-name',
          'Name',
          name,
          setName,
          'Optional: what Lobsterpot calls it (default: from the file name).',
        )}
        <ErrorAlert error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy || !config.trim() || !stateDir.trim()}>
            {busy ? 'Adding…' : 'Add gateway'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

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
export function InstanceManage({ profile }: { profile: ProfileView }) {
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
