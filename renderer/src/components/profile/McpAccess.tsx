// Manage › Rescue tools: whether a profile's agents get `lobsterpot mcp` (an entry in its own mcp.servers, written by
// OpenClaw's writer) and whether they may start, stop and restart the other profiles (never their own).
import { useEffect, useState } from 'react';
import type { McpAccess as Access, ProfileView } from '../../../../electron/contract/contract.ts';
import { useBlocked, type HostTarget } from '../../host-scope.ts';

export function McpAccess({ target, profile }: { target: HostTarget; profile: ProfileView }) {
  const { run } = target;
  const name = profile.name;
  const [access, setAccess] = useState<Access | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const blocked = useBlocked(target.host);
  useEffect(() => {
    // Not asked while the host cannot be: the Manage tab says why above.
    if (blocked !== null) return;
    let current = true;
    void run('mcp.get', { name }).then((reply) => {
      if (!current) return;
      if (reply.ok) setAccess(reply.result);
      else setError(reply.error);
    });
    return () => {
      current = false;
    };
  }, [run, blocked, name, profile.flags?.mcpActions]);
  const change = async (patch: { wired?: boolean; actions?: boolean }) => {
    setBusy(true);
    setError(null);
    const reply = await run('mcp.set', { name, ...patch });
    setBusy(false);
    if (reply.ok) setAccess(reply.result);
    else setError(reply.error);
  };
  return (
    <div className="mcp-access">
      <h3 className="subhead">Rescue tools</h3>
      <label className="check">
        <input
          type="checkbox"
          disabled={busy || access === null}
          checked={access?.wired ?? false}
          onChange={(e) => void change({ wired: e.target.checked })}
        />{' '}
        Give {name}&apos;s agents the Lobsterpot tools (<code>lobsterpot mcp</code> in its mcp.servers)
      </label>
      <label className="check">
        <input
          type="checkbox"
          disabled={busy || access === null}
          checked={access?.actions ?? false}
          onChange={(e) => void change({ actions: e.target.checked })}
        />{' '}
        Let them start, stop and restart the other profiles (never {name} itself)
      </label>
      {busy && <p role="status">Writing {name}&apos;s config through OpenClaw…</p>}
      {access?.command && <p className="muted">Runs: {access.command}</p>}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
