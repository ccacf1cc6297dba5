// Add host: the form checked as the contract checks it (hosts-model), sent as `hosts.add`.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { checkHostForm, type HostForm } from '../hosts-model.ts';
import { run, useStore } from '../store.ts';

import { ActionButton } from './ui/ActionButton.tsx';
import { ErrorAlert } from './ui/Notes.tsx';
import { Dialog } from './ui/Dialog.tsx';
import { TextField } from './ui/TextField.tsx';

const EMPTY_FORM: HostForm = { name: '', destination: '', sshConfig: '', command: '' };

/** Add host: the form is checked as the contract checks it, each problem under its field once the field was left. */
export function AddHostDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (name: string) => void }) {
  const hostNames = useStore(useShallow((s) => Object.keys(s.hosts)));
  const [form, setForm] = useState<HostForm>(EMPTY_FORM);
  const [touched, setTouched] = useState<Partial<Record<keyof HostForm, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const check = checkHostForm(form, hostNames);
  const shown = (field: keyof HostForm) => ((submitted || touched[field]) && check.errors[field]) || null;
  const input = (field: keyof HostForm, label: string, hint: string, options: { placeholder?: string } = {}) => {
    const problem = shown(field);
    return (
      <TextField
        id={`host-${field}`}
        label={label}
        className="wide"
        autoFocus={field === 'name'}
        value={form[field]}
        placeholder={options.placeholder}
        spellCheck={false}
        autoCapitalize="off"
        onChange={(value) => setForm({ ...form, [field]: value })}
        onBlur={() => setTouched((t) => ({ ...t, [field]: true }))}
        aria-invalid={problem !== null}
        aria-describedby={`host-${field}-hint${problem ? ` host-${field}-error` : ''}`}
      >
        <small id={`host-${field}-hint`} className="muted">
          {hint}
        </small>
        {problem && (
          <small id={`host-${field}-error`} className="error-text">
            {label} {problem}
          </small>
        )}
      </TextField>
    );
  };
  return (
    <Dialog title="Add host" onClose={onClose}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setSubmitted(true);
          if (!check.ok) return;
          setBusy(true);
          setError(null);
          const result = await run('hosts.add', check.args);
          setBusy(false);
          if (result.ok) onAdded(result.result.name);
          else setError(result.error);
        }}
      >
        <p className="muted">
          Lobsterpot reaches the Lobsterpot there through <code>ssh</code> with your own keys, agent and ssh config, and
          forwards a loopback port to it. If none runs there, it starts <code>lobsterpot serve</code> and says so.
        </p>
        {input('name', 'Name', 'How Lobsterpot shows the host: letters, digits, - and _.', { placeholder: 'lab' })}
        {input(
          'destination',
          'SSH destination',
          'user@host, host, ssh://user@host:port or an alias from your ssh config.',
          {
            placeholder: 'me@lab.example',
          },
        )}
        {input('sshConfig', 'SSH config file', 'Optional: an absolute path, used instead of ~/.ssh/config (ssh -F).', {
          placeholder: "ssh's own",
        })}
        {input('command', 'Remote command', 'Optional: how to run Lobsterpot there, as its shell reads it.', {
          placeholder: 'lobsterpot',
        })}
        <ErrorAlert error={error} />
        <div className="buttons">
          <ActionButton type="submit" className="primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add host'}
          </ActionButton>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
