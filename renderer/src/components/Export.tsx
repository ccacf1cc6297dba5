// Export to Docker Compose or Kubernetes: one profile (its Manage tab) or every profile of a host, written by the host
// that runs them (`fleet.export`, through `hosts.call` for another host).
import { useState } from 'react';
import type { ExportFormat, ExportResult } from '../../../electron/contract/contract.ts';
import {
  FORMAT_WORDS,
  checkExportForm,
  defaultOutputText,
  resultHeadline,
  scopeText,
  type ExportScope,
} from '../export-model.ts';
import { runOn } from '../store.ts';

import { ActionButton } from './ui/ActionButton.tsx';
import { PathText } from './ui/Copy.tsx';
import { Dialog } from './ui/Dialog.tsx';
import { TextField } from './ui/TextField.tsx';

export function ExportDialog({
  scope,
  format: initialFormat,
  onClose,
}: {
  scope: ExportScope;
  format: ExportFormat;
  onClose: () => void;
}) {
  const [format, setFormat] = useState<ExportFormat>(initialFormat);
  const [output, setOutput] = useState('');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const check = checkExportForm({ format, output, force }, scope);
  const outputProblem = !check.ok && check.field === 'output' && output.trim() ? check.error : null;
  return (
    <Dialog title="Export" onClose={onClose}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          if (!check.ok) return setError(check.error);
          setBusy(true);
          setError(null);
          setResult(null);
          const reply = await runOn(scope.host, 'fleet.export', check.args);
          setBusy(false);
          if (reply.ok) setResult(reply.result);
          else setError(reply.error);
        }}
      >
        <p>Exports {scopeText(scope)}.</p>
        <fieldset>
          <legend>Format</legend>
          {(['compose', 'kubernetes'] as const).map((f) => (
            <label key={f} className="check">
              <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />{' '}
              {FORMAT_WORDS[f]}
            </label>
          ))}
        </fieldset>
        <TextField
          id="export-output"
          label="Output folder"
          className="wide"
          value={output}
          placeholder="default"
          spellCheck={false}
          onChange={setOutput}
          aria-invalid={outputProblem !== null}
          aria-describedby={`export-output-hint${outputProblem ? ' export-output-error' : ''}`}
        >
          <small id="export-output-hint" className="muted">
            {defaultOutputText(format, scope.host)} An absolute path{scope.host ? ` on ${scope.host}` : ''} otherwise.
          </small>
          {outputProblem && (
            <small id="export-output-error" className="error-text">
              Output folder {outputProblem}
            </small>
          )}
        </TextField>
        <label className="check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Write into a folder
          that is not empty (files of the same name are replaced)
        </label>
        {error && (
          <div className="banner banner-bad" role="alert" aria-label="Export failed">
            <strong>Not exported.</strong>
            <p>{error}</p>
          </div>
        )}
        {result && (
          <div className="banner banner-ok export-result" role="status" aria-label="Export result">
            <strong>{resultHeadline(result)}</strong>
            <p>
              Folder: <PathText path={result.directory} max={56} />
            </p>
            <ul className="export-files" aria-label="Files written">
              {result.files.map((file) => (
                <li key={file}>
                  <code>{file}</code>
                </li>
              ))}
            </ul>
            {result.notes.length > 0 && (
              <>
                <p>
                  <strong>Before you run it:</strong>
                </p>
                <ul aria-label="Notes">
                  {result.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        <div className="buttons">
          <ActionButton type="submit" className="primary" disabled={busy || outputProblem !== null}>
            {busy ? 'Exporting…' : result ? 'Export again' : 'Export'}
          </ActionButton>
          <button type="button" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
