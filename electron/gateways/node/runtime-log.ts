// A profile's log at run time: the tail that follows it (lines to the window, a nudge to a starting gateway's
// readiness probe) and rotates it while the gateway runs, with the limits the settings give.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '../../contract/contract.ts';
import { DEFAULT_LOG_LIMITS, LogRotator, LogTail, logFileOf, type LogLimits } from './logs.ts';
import type { ProfileRuntime } from './profile-runtime.ts';

export const logLimitsOf = (settings: Pick<Settings, 'logMaxBytes' | 'logKeep'>): LogLimits => ({
  maxBytes: settings.logMaxBytes ?? DEFAULT_LOG_LIMITS.maxBytes,
  keep: settings.logKeep ?? DEFAULT_LOG_LIMITS.keep,
});

/** Follows the profile's log once: lines go to the window, and any output nudges a starting gateway's probe. */
export async function followLog(runtime: ProfileRuntime): Promise<void> {
  if (runtime.tail) return;
  const { host, report, store } = runtime.deps;
  const file = logFileOf(host.dataDir, runtime.name);
  // The tail sees the log grow, so it is what rotates it while the gateway runs (for weeks, say).
  const rotator = new LogRotator(file, logLimitsOf(store.settings.get()), {
    onError: (error) => report.log(`${runtime.name}: the log could not be rotated: ${error.message}`),
  });
  const tail = new LogTail(
    file,
    (lines) => {
      runtime.gateway.nudge(lines.some((line) => /\bready\b/i.test(line)));
      report.emit({ type: 'log-lines', name: runtime.name, lines });
    },
    undefined,
    { rotator },
  );
  runtime.tail = tail;
  await mkdir(join(host.dataDir, 'logs'), { recursive: true });
  await tail.start();
}
