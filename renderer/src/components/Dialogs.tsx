import { useEffect, useMemo, useState } from 'react';
import type { CreateStep } from '../../../electron/contract/contract.ts';
import { PortIndex } from '../../../electron/ports/common/conflicts.ts';
import { checkNewProfileName } from '../../../electron/profiles/common/names.ts';
import { othersThan } from '../creating-model.ts';
import { portOffer } from '../editor-model.ts';
import { onHost, targetOf, usePlanning, useRemoteSuggestion } from '../host-scope.ts';
import { run, runOn, useStore } from '../store.ts';

import { useAlertRoute } from './ui/AlertRoute.tsx';
import { ActionButton } from './ui/ActionButton.tsx';
import { ErrorAlert, FindingList } from './ui/Notes.tsx';
import { Dialog } from './ui/Dialog.tsx';
import { TextField } from './ui/TextField.tsx';

/** New profile on this host, or on another (`host`): the ports are planned against that host's own profiles. */
export function CreateDialog({
  rescue,
  host = null,
  onClose,
  onCreated,
}: {
  rescue: boolean;
  host?: string | null;
  onClose: () => void;
  onCreated: (name: string) => void;
}) {
  const basePortStart = useStore((s) => s.settings?.basePortStart ?? 20000);
  const target = targetOf(host);
  const plan = usePlanning(host);
  const [creatingName, setCreatingName] = useState<string | null>(null);
  // The profile this dialog is creating shows up in the host's list while onboarding runs: it is not another one.
  const profiles = useMemo(() => othersThan(plan.profiles, creatingName), [plan.profiles, creatingName]);
  const index = useMemo(
    () =>
      new PortIndex(
        profiles,
        plan.listeners.filter((l) => creatingName === null || l.profile !== creatingName),
        { ephemeral: plan.ephemeral },
      ),
    [profiles, plan.listeners, plan.ephemeral, creatingName],
  );
  // This host's suggestion is computed here; another host's comes from that host's own planner (`ports.suggest`).
  const localSuggested = useMemo(
    () => (host === null ? index.suggestBasePort({ near: basePortStart }) : null),
    [host, index, basePortStart],
  );
  const remote = useRemoteSuggestion(target);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suggested = host === null ? localSuggested : remote.port;
  const [name, setName] = useState(rescue ? 'rescue' : '');
  const [port, setPort] = useState(suggested === null ? '' : String(suggested));
  useEffect(() => {
    if (remote.port !== null) setPort((typed) => typed || String(remote.port));
  }, [remote.port]);
  // Onboarding's steps are reported for this host's creates only.
  const progress = useStore((s) => (creatingName && host === null ? (s.creating[creatingName] ?? null) : null));
  const cancel = async () => {
    if (!busy || !creatingName) return onClose();
    // The create's own answer (cancelled, and where the half-made folder went) closes the dialog.
    const result = await runOn(host, 'profiles.cancelCreate', { name: creatingName });
    if (!result.ok) setError(result.error);
  };
  const nameCheck = name
    ? checkNewProfileName(
        name,
        profiles.map((p) => p.name),
      )
    : null;
  const portNumber = /^\d+$/.test(port.trim()) ? Number(port) : NaN;
  const findings = index.findingsFor({
    name: name || 'new',
    port: portNumber,
    stateDir: `~/.openclaw-${name}`,
    configPath: `~/.openclaw-${name}/openclaw.json`,
    workspace: null,
  });
  const offer = portOffer(
    findings.filter((f) => f.kind !== 'default-port'),
    portNumber,
    suggested,
  );
  return (
    <Dialog title={rescue ? 'Create the rescue bot' : onHost('New profile', host)} onClose={() => void cancel()}>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          setCreatingName(name);
          const result = await runOn(host, 'profiles.create', {
            name,
            port: Number.isFinite(portNumber) ? portNumber : port,
            ...(rescue ? { preset: 'rescue' as const } : {}),
          });
          setBusy(false);
          setCreatingName(null);
          if (result.ok) onCreated(result.result.name);
          else if (/was cancelled/.test(result.error)) onClose();
          else setError(result.error);
        }}
      >
        <TextField
          id="new-name"
          label="Name"
          autoFocus
          value={name}
          onChange={setName}
          aria-invalid={nameCheck?.ok === false}
        />
        {nameCheck && !nameCheck.ok && <p className="error-text">{nameCheck.error}</p>}
        {nameCheck?.ok &&
          nameCheck.warnings.map((w) => (
            <p key={w} className="warn-text">
              {w}
            </p>
          ))}
        <TextField id="new-port" label="Base port" inputMode="numeric" value={port} onChange={setPort}>
          {offer !== null && (
            <button type="button" onClick={() => setPort(String(offer))}>
              Use suggested port {offer}
            </button>
          )}
        </TextField>
        <FindingList findings={findings.filter((f) => f.kind !== 'default-port')} />
        {host !== null && (
          <p className="muted">
            Ports are checked against the {profiles.length} profile{profiles.length === 1 ? '' : 's'} and the listeners{' '}
            {host} last reported; {host} suggests the base port and checks it again.
          </p>
        )}
        <p className="muted">
          OpenClaw’s own onboarding writes the port, a loopback bind and a fresh token (takes a few seconds).
        </p>
        {busy && host === null && <CreateSteps step={progress?.step ?? 'choosing-port'} />}
        {busy && host !== null && (
          <p role="status">
            Creating {name} on {host}…
          </p>
        )}
        <ErrorAlert error={remote.error && `No suggestion from ${host}: ${remote.error}`} />
        <ErrorAlert error={error} />
        <div className="buttons">
          <ActionButton type="submit" className="primary" disabled={busy || !name || nameCheck?.ok === false}>
            {busy ? 'Creating…' : 'Create'}
          </ActionButton>
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const STEPS: { step: CreateStep; label: string }[] = [
  { step: 'choosing-port', label: 'Choosing the port' },
  { step: 'onboarding', label: 'OpenClaw onboarding (config, token, workspace)' },
  { step: 'reading-config', label: 'Reading the new config' },
];

/** Onboarding's steps: done ones ticked, the current one marked. */
function CreateSteps({ step }: { step: CreateStep }) {
  const at = STEPS.findIndex((s) => s.step === step);
  return (
    <ol className="steps" aria-label="Create steps">
      {STEPS.map((s, i) => (
        <li
          key={s.step}
          className={i < at ? 'done' : i === at ? 'current' : 'todo'}
          aria-current={i === at ? 'step' : undefined}
        >
          {i < at ? '✓ ' : i === at ? '… ' : ''}
          {s.label}
        </li>
      ))}
    </ol>
  );
}

/** A path setting that may be left empty (then Lobsterpot searches), with what was found. */
function LocationField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  found: string | null;
  missing: string;
}) {
  return (
    <TextField
      id={props.id}
      label={props.label}
      className="wide"
      title={props.value}
      placeholder="search PATH"
      value={props.value}
      onChange={props.onChange}
    >
      <small className="muted">{props.found ? `found ${props.found}` : props.missing}</small>
    </TextField>
  );
}

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const settings = useStore((s) => s.settings);
  const environment = useStore((s) => s.environment);
  const appLog = useStore((s) => s.appLog);
  const [openclawPath, setOpenclawPath] = useState(settings?.openclawPath ?? '');
  const [nodePath, setNodePath] = useState(settings?.nodePath ?? '');
  const [grace, setGrace] = useState(String((settings?.stopGraceMs ?? 30000) / 1000));
  const [quitPolicy, setQuitPolicy] = useState(settings?.quitPolicy ?? 'stop-started');
  const [launchAtLogin, setLaunchAtLogin] = useState(settings?.launchAtLogin ?? false);
  const alertRoute = useAlertRoute(settings);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title="Settings" onClose={onClose}>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await run('settings.update', {
            openclawPath: openclawPath.trim() || null,
            nodePath: nodePath.trim() || null,
            stopGraceMs: Math.round(Number(grace) * 1000),
            quitPolicy,
            launchAtLogin,
            ...alertRoute.patch,
          });
          if (result.ok) onClose();
          else setError(result.error);
        }}
      >
        <LocationField
          id="set-openclaw"
          label="OpenClaw location"
          value={openclawPath}
          onChange={setOpenclawPath}
          found={
            environment?.openclaw
              ? `${environment.openclaw.path} (${environment.openclaw.version ?? 'unknown version'})`
              : null
          }
          missing="not found"
        />
        <LocationField
          id="set-node"
          label="Node location"
          value={nodePath}
          onChange={setNodePath}
          found={environment?.node ? `${environment.node.path} (${environment.node.version})` : null}
          missing="no supported Node found"
        />
        <TextField id="set-grace" label="Stop grace (seconds)" inputMode="numeric" value={grace} onChange={setGrace} />
        <div className="field">
          <label htmlFor="set-quit">On quit</label>
          <select id="set-quit" value={quitPolicy} onChange={(e) => setQuitPolicy(e.target.value as typeof quitPolicy)}>
            <option value="stop-started">Stop the gateways Lobsterpot started</option>
            <option value="leave-running">Leave them running (adopted at next start)</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={launchAtLogin} onChange={(e) => setLaunchAtLogin(e.target.checked)} /> Launch
          Lobsterpot at login
        </label>
        {alertRoute.fields}
        {appLog && (
          <p className="muted">
            The app&apos;s log: <code>{appLog}</code>
          </p>
        )}
        <ErrorAlert error={error} />
        <div className="buttons">
          <ActionButton type="submit" className="primary">
            Save
          </ActionButton>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
