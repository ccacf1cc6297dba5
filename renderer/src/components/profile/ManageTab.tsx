// A profile's Manage tab on any host: its flags, clone, delete, the OS service hand-over, backup and restore, the
// rescue tools and the export. Every command goes to the profile's host; paths are that host's.
import { useState } from 'react';
import type { ExportFormat, ProfileView } from '../../../../electron/contract/contract.ts';
import { sizeText } from '../../../../electron/gateways/common/gateway-text.ts';
import { handOverOffer } from '../../peer-model.ts';
import { onHost, useBlocked, useGateway, type HostTarget } from '../../host-scope.ts';
import '../ui/peer.css';
import { ActionButton, ActionScope } from '../ui/ActionButton.tsx';
import { ErrorAlert } from '../ui/Notes.tsx';
import { ExportButtons } from '../ui/ExportButtons.tsx';
import { PathText } from '../ui/Copy.tsx';
import { useAction } from '../ui/action.ts';
import { InstanceManage } from './InstanceManage.tsx';
import { McpAccess } from './McpAccess.tsx';

export function ManageTab({
  target,
  profile,
  onDeleted,
  onExport,
}: {
  target: HostTarget;
  profile: ProfileView;
  onDeleted: () => void;
  onExport: (format: ExportFormat) => void;
}) {
  const { host, run } = target;
  const blocked = useBlocked(host);
  const [cloneName, setCloneName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const setFlag = (flags: Partial<ProfileView['flags']>) =>
    void run('profiles.setFlags', { name: profile.name, flags }).then((result) => {
      if (!result.ok) setMessage(result.error);
    });
  const there = host === null ? '' : ` there`;
  return (
    <section aria-label="Manage">
      <ActionScope blocked={blocked}>
        {(
          [
            ['autostart', 'Start with Lobsterpot'],
            ['restartOnCrash', 'Restart on crash'],
          ] as const
        ).map(([flag, label]) => (
          <label key={flag} className="check">
            <input
              type="checkbox"
              checked={profile.flags?.[flag] ?? false}
              onChange={(e) => setFlag({ [flag]: e.target.checked })}
            />{' '}
            {label}
          </label>
        ))}
        <form
          className="row"
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await run('profiles.clone', { from: profile.name, name: cloneName });
            setMessage(
              result.ok
                ? `Cloned to ${result.result.name} on port ${result.result.effectivePort}${host === null ? '' : ` on ${host}`}.`
                : result.error,
            );
          }}
        >
          <label htmlFor="clone-name">Clone as</label>
          <input id="clone-name" value={cloneName} onChange={(e) => setCloneName(e.target.value)} />
          <button type="submit" disabled={!cloneName}>
            Clone
          </button>
        </form>
        {!confirming ? (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {onHost(`Delete ${profile.name}`, host)}…
          </button>
        ) : (
          <div role="alertdialog" aria-label="Confirm delete" className="confirm">
            <p>
              Stop {onHost(profile.name, host)} and move <PathText path={profile.stateDir} />
              {there} into a dated backup folder?
            </p>
            <button
              type="button"
              className="danger"
              onClick={async () => {
                const result = await run('profiles.delete', { name: profile.name, disposal: 'backup' });
                if (result.ok) onDeleted();
                else setMessage(result.error);
              }}
            >
              Delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        )}
        {message && <p role="status">{message}</p>}
        <ServiceAndBackup target={target} profile={profile} />
        <McpAccess target={target} profile={profile} />
        <h3 className="subhead">Export</h3>
        <ExportButtons onExport={onExport} blocked={blocked} />
      </ActionScope>
    </section>
  );
}

/** Manage: run it as an OS service, back it up, restore a backup into a new profile. */
function ServiceAndBackup({ target, profile }: { target: HostTarget; profile: ProfileView }) {
  const { run } = target;
  const name = profile.name;
  const offer = handOverOffer(useGateway(target.host, name) ?? undefined);
  const handOver = useAction();
  const backup = useAction();
  const restore = useAction();
  const [output, setOutput] = useState('');
  const [archive, setArchive] = useState('');
  const [restoreName, setRestoreName] = useState('');
  const [restorePort, setRestorePort] = useState('');
  const [note, setNote] = useState<string | null>(null);
  return (
    <div className="peer-manage">
      {/* An instance set up by environment has no OS service (OpenClaw skips it): its own block says so. */}
      <InstanceManage target={target} profile={profile} />
      {offer === 'to-service' && profile.layout !== 'env' && (
        <div className="row">
          <ActionButton
            type="button"
            disabled={handOver.busy}
            title="Install OpenClaw's OS service on the port the gateway uses now, stop Lobsterpot's copy, watch the service's"
            onClick={async () => {
              const status = await handOver.act(() => run('gateway.handOverToService', { name }));
              if (status) setNote(`${name} now runs as an OS service (${status.state}).`);
            }}
          >
            {handOver.busy ? 'Handing over…' : 'Run it as an OS service'}
          </ActionButton>
          <ErrorAlert error={handOver.error} />
        </div>
      )}
      <h3 className="subhead">Backup</h3>
      <form
        className="row"
        onSubmit={async (event) => {
          event.preventDefault();
          setNote(null);
          const result = await backup.act(() =>
            run('profiles.backup', { name, ...(output.trim() ? { output: output.trim() } : {}) }),
          );
          if (result) {
            setNote(`Backed up ${name}: ${result.archive} (${sizeText(result.bytes)}).`);
            setArchive(result.archive);
          }
        }}
      >
        <label htmlFor="backup-output">{onHost('Into folder', target.host)}</label>
        <input
          id="backup-output"
          placeholder="Lobsterpot's backups"
          value={output}
          onChange={(e) => setOutput(e.target.value)}
        />
        <ActionButton type="submit" disabled={backup.busy}>
          {backup.busy ? 'Backing up…' : `Back up ${name}`}
        </ActionButton>
      </form>
      <ErrorAlert error={backup.error} />
      <h3 className="subhead">Restore into a new profile</h3>
      <form
        className="row"
        onSubmit={async (event) => {
          event.preventDefault();
          setNote(null);
          const port = restorePort.trim() ? Number(restorePort) : undefined;
          const result = await restore.act(() =>
            run('profiles.restore', {
              archive: archive.trim(),
              name: restoreName.trim(),
              ...(port === undefined ? {} : { port }),
            }),
          );
          if (result) setNote(`Restored as ${result.name} on port ${result.effectivePort}.`);
        }}
      >
        <label htmlFor="restore-archive">{onHost('Archive', target.host)}</label>
        <input id="restore-archive" className="wide" value={archive} onChange={(e) => setArchive(e.target.value)} />
        <label htmlFor="restore-name">New name</label>
        <input id="restore-name" value={restoreName} onChange={(e) => setRestoreName(e.target.value)} />
        <label htmlFor="restore-port">Port</label>
        <input
          id="restore-port"
          inputMode="numeric"
          placeholder="suggested"
          size={8}
          value={restorePort}
          onChange={(e) => setRestorePort(e.target.value)}
        />
        <ActionButton type="submit" disabled={restore.busy || !archive.trim() || !restoreName.trim()}>
          {restore.busy ? 'Restoring…' : 'Restore'}
        </ActionButton>
      </form>
      <ErrorAlert error={restore.error} />
      {note && (
        <p className="ok-text" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
