// The connection to `lobsterpot serve`, when it is lost: says so, dims what is no longer live, offers to reconnect.
import { useEffect } from 'react';
import { api } from '../api.ts';
import { useStore } from '../store.ts';
import './Connection.css';

export function Connection() {
  const connection = useStore((s) => s.connection);
  const reason = useStore((s) => s.connectionReason);
  // On <body>, so the dimming reaches every panel without each knowing about the connection.
  useEffect(() => {
    document.body.dataset.connection = connection;
  }, [connection]);
  if (connection !== 'lost') return null;
  return (
    <section className="banner banner-bad connection-lost" role="alert" aria-label="Connection lost">
      <div>
        <strong>Lost the connection to Lobsterpot — states below are not live.</strong>
        <p>
          {reason ? `${reason}. ` : ''}Reconnecting by itself. If <code>lobsterpot serve</code> was restarted, open the
          new address it printed: it carries a new token.
        </p>
      </div>
      {api.reconnect && (
        <button type="button" onClick={() => api.reconnect?.()}>
          Reconnect
        </button>
      )}
    </section>
  );
}
