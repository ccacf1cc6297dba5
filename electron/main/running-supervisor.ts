// When another supervisor already runs, the app offers its window (serve's URL from the endpoint's hello). The endpoint
// can be squatted — a Windows named pipe any local user may create first, a `/tmp/lobsterpot-<hash>.sock` fallback for
// long data-dir paths — so its word is checked before the app opens anything.
import type { SupervisorInfo } from '../supervisor/node/control.ts';
import { isLoopbackWebUrl } from './window-options.ts';

export interface EndpointFacts {
  platform: NodeJS.Platform;
  /** This process's uid (POSIX). */
  uid: number | null;
  /** The owner of the socket file at the address this data dir's endpoint has (POSIX); null when it cannot be read. */
  socketOwner: number | null;
  /** What the supervisor recorded in the data dir's owner-only `run/supervisor.json`, which no other user can write. */
  recorded: SupervisorInfo | null;
}

/** The URL the app may open for the running supervisor, or null (none, not loopback http(s), or not proven ours). */
export function trustedWindowUrl(hello: SupervisorInfo, facts: EndpointFacts): string | null {
  const url = hello.url;
  if (!url || !isLoopbackWebUrl(url)) return null;
  if (facts.platform !== 'win32' && (facts.uid === null || facts.socketOwner !== facts.uid)) return null;
  const recorded = facts.recorded;
  if (!recorded || recorded.pid !== hello.pid || recorded.url !== url) return null;
  return url;
}
