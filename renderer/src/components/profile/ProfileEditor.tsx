// The profile editor: base port, CDP overrides and workspace, with every finding listed live as you type.
import { useEffect, useMemo, useState } from 'react';
import { isRunningState, type ProfileView } from '../../../../electron/contract/contract.ts';
import type { PortProfile } from '../../../../electron/ports/common/ports.ts';
import {
  draftOf,
  editorFindings,
  fieldProblems,
  formOf,
  othersIndex,
  portFromText as toPort,
  portOffer,
  updateArgsOf,
  type BrowserRow,
} from '../../editor-model.ts';
import { LOCAL, useBlocked, useGateway, usePlanning, useRemoteSuggestion, type HostTarget } from '../../host-scope.ts';
import { FindingList } from '../ui/Notes.tsx';
import { TextField } from '../ui/TextField.tsx';

/**
 * The editor of one profile on its host: checked as you type against that host's profiles, findings, listeners and
 * ephemeral range, saved there, and the suggested port asked of that host's planner. Nothing can be changed while the
 * host is out of reach.
 */
export function ProfileEditor({
  profile,
  target = LOCAL,
  onDraft,
}: {
  profile: ProfileView;
  target?: HostTarget;
  onDraft?: (draft: PortProfile | null) => void;
}) {
  const { host, run } = target;
  const plan = usePlanning(host);
  const running = isRunningState(useGateway(host, profile.name)?.state ?? 'stopped');
  const blocked = useBlocked(host);
  const initial = useMemo(() => formOf(profile), [profile]);
  const [port, setPort] = useState(initial.port);
  const [workspace, setWorkspace] = useState(initial.workspace);
  const [pinned, setPinned] = useState(initial.pinnedCdpUrl);
  const [rows, setRows] = useState<BrowserRow[]>(initial.rows);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [restartOffer, setRestartOffer] = useState(false);

  const index = useMemo(
    () => othersIndex(plan.profiles, plan.listeners, profile.name, plan.ephemeral),
    [plan.profiles, plan.listeners, profile.name, plan.ephemeral],
  );
  const form = useMemo(() => ({ port, workspace, pinnedCdpUrl: pinned, rows }), [port, workspace, pinned, rows]);
  const draft: PortProfile = useMemo(() => draftOf(profile, form), [profile, form]);
  const {
    findings,
    suggested: computed,
    near,
  } = useMemo(() => editorFindings(index, profile, form), [index, profile, form]);
  // This host's suggestion is computed here; another host's comes from that host's own planner.
  const remote = useRemoteSuggestion(target, near, profile.name);
  const suggested = host === null ? computed : remote.port;
  const offer = portOffer(findings, toPort(port), suggested);
  const problems = useMemo(() => fieldProblems(profile, form), [profile, form]);
  const hasErrors = problems.length > 0 || findings.some((f) => f.severity === 'error');
  const changePort = (value: string) => {
    setPort(value);
    setMessage(null);
  };
  useEffect(() => onDraft?.(draft), [draft, onDraft]);
  useEffect(() => () => onDraft?.(null), [onDraft]);

  const save = async () => {
    setSaving(true);
    setMessage(null);
    const result = await run('profiles.update', updateArgsOf(profile, form));
    setSaving(false);
    if (!result.ok) setMessage({ tone: 'error', text: result.error });
    else {
      setMessage({
        tone: 'ok',
        text: `Saved${host === null ? '' : ` on ${host}`} through OpenClaw’s own config writer.`,
      });
      setRestartOffer(result.result.restartNeeded);
    }
  };

  return (
    <form
      className="editor"
      aria-label={`Edit ${profile.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {blocked !== null && (
        <p className="banner banner-warn" role="status">
          Nothing can be changed now: {blocked}.
        </p>
      )}
      <fieldset className="editor-body" disabled={blocked !== null}>
        <TextField
          id="edit-port"
          label="Base port"
          inputMode="numeric"
          value={port}
          onChange={changePort}
          aria-describedby="edit-port-hint"
        >
          {offer !== null && (
            <button type="button" onClick={() => changePort(String(offer))}>
              Use suggested port {offer}
            </button>
          )}
          <small id="edit-port-hint" className="muted">
            The gateway uses base … base+110; keep 120 between profiles.
          </small>
        </TextField>
        <TextField
          id="edit-workspace"
          label="Workspace"
          className="wide"
          title={workspace}
          value={workspace}
          onChange={setWorkspace}
        />
        <TextField
          id="edit-cdpurl"
          label="Pinned browser.cdpUrl"
          placeholder="none"
          value={pinned}
          onChange={setPinned}
        />
        <fieldset className="browser-rows">
          <legend>Browser profiles (explicit CDP)</legend>
          {rows.map((row, i) => (
            <div className="row" key={i}>
              <input
                aria-label="Browser profile name"
                placeholder="name"
                value={row.name}
                onChange={(e) => setRows(rows.with(i, { ...row, name: e.target.value }))}
              />
              <input
                aria-label={`CDP port of ${row.name || 'browser profile'}`}
                placeholder="cdpPort"
                inputMode="numeric"
                value={row.cdpPort}
                onChange={(e) => setRows(rows.with(i, { ...row, cdpPort: e.target.value }))}
              />
              <input
                aria-label={`CDP URL of ${row.name || 'browser profile'}`}
                placeholder="cdpUrl"
                value={row.cdpUrl}
                onChange={(e) => setRows(rows.with(i, { ...row, cdpUrl: e.target.value }))}
              />
              <button
                type="button"
                aria-label={`Remove ${row.name || 'row'}`}
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setRows([...rows, { name: '', cdpPort: '', cdpUrl: '' }])}>
            Add browser profile
          </button>
        </fieldset>
        {problems.length > 0 && (
          <ul className="findings" aria-live="polite" aria-label="Field problems">
            {problems.map((problem) => (
              <li key={problem} className="finding finding-error" data-kind="field">
                <strong>Error:</strong> {problem}
              </li>
            ))}
          </ul>
        )}
        <FindingList findings={findings} empty={problems.length ? undefined : 'No clashes.'} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={saving || hasErrors}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          {message && (
            <span
              className={message.tone === 'ok' ? 'ok-text' : 'error-text'}
              role={message.tone === 'error' ? 'alert' : 'status'}
            >
              {message.text}
            </span>
          )}
          {restartOffer && running && (
            <button
              type="button"
              onClick={async () => {
                setRestartOffer(false);
                const result = await run('gateway.restart', { name: profile.name });
                if (!result.ok) setMessage({ tone: 'error', text: result.error });
              }}
            >
              Restart to apply the new port
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}
