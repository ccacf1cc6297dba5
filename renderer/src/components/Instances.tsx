// "Add an existing gateway…": an instance set up by environment (OPENCLAW_CONFIG_PATH + OPENCLAW_STATE_DIR, the seeds'
// manual example) added by its config file and state dir. Its mark is ui/LayoutMark, its Manage part profile/.
import { useState } from 'react';
import { run } from '../store.ts';
import { ActionButton } from './ui/ActionButton.tsx';
import { Dialog } from './ui/Dialog.tsx';
import { ErrorAlert } from './ui/Notes.tsx';
import { TextField } from './ui/TextField.tsx';

/** "Add an existing gateway…": a config file and the state dir it runs with, sent as `profiles.add`. */
export function AddInstanceDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (name: string) => void }) {
  const [config, setConfig] = useState('');
  const [stateDir, setStateDir] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = (id: string, label: string, value: string, set: (v: string) => void, hint: string) => (
    <TextField
      id={id}
      label={label}
      className="wide"
      value={value}
      spellCheck={false}
      autoCapitalize="off"
      autoFocus={id === 'instance-config'}
      onChange={set}
      aria-describedby={`${id}-hint`}
    >
      <small id={`${id}-hint`} className="muted">
        {hint}
      </small>
    </TextField>
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
          <ActionButton type="submit" className="primary" disabled={busy || !config.trim() || !stateDir.trim()}>
            {busy ? 'Adding…' : 'Add gateway'}
          </ActionButton>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
