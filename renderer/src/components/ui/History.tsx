// A profile's record on its host (`history.get`): asked again when its gateway changes state, and the latest
// changes with their causes, for the profile panel; the host's timeline draws the same reports.
import { useEffect, useState } from 'react';
import type { HistoryReport } from '../../../../electron/contract/contract.ts';
import { uptime } from '../../../../electron/gateways/common/history.ts';
import { entryText, uptimeText } from '../../../../electron/gateways/common/gateway-text.ts';
import { LOCAL, useBlocked, useGateway, type HostTarget } from '../../host-scope.ts';
import { useNow } from './time.ts';

export const DAY = 24 * 3_600_000;

/** The time now in steps of 10 s: every strip and figure on screen is drawn for the same moment. */
export function useSharedNow(): number {
  return Math.floor(useNow(1000) / 10_000) * 10_000;
}

/**
 * Uptime as of `now`, by the core's own function over the entries it sent (it keeps as many): a young history's figure
 * moves by the second, and two parts fetched a few seconds apart would disagree.
 */
export const liveUptime = (report: HistoryReport, now: number) => ({
  day: uptime(report.entries, now, DAY),
  week: uptime(report.entries, now, 7 * DAY),
});
/**
 * A profile's history on its host, asked again whenever its gateway changes state, and each minute for the moving
 * window; while the host is out of reach, the last one asked.
 */
export function useHistory(target: HostTarget, name: string, limit = 500): HistoryReport | null {
  const { host, run } = target;
  const status = useGateway(host, name);
  const state = status?.state ?? null;
  const restarts = status?.restarts ?? 0;
  const blocked = useBlocked(host);
  const [report, setReport] = useState<HistoryReport | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (blocked !== null) return;
    let live = true;
    let again: ReturnType<typeof setTimeout> | undefined;
    const ask = (tries: number) =>
      void run('history.get', { name, limit }).then((result) => {
        if (!live || !result.ok || result.result.profile !== name) return;
        setReport(result.result);
        // The event can outrun the record's write: ask again until the last entry is the state shown.
        if (state && result.result.entries.at(-1)?.state !== state && tries > 0)
          again = setTimeout(() => ask(tries - 1), 1000);
      });
    ask(5);
    return () => {
      live = false;
      clearTimeout(again);
    };
  }, [run, blocked, name, limit, state, restarts, tick]);
  return report;
}

/** The time of day for today's entries, with the date for older ones. */
const when = (at: number) =>
  new Date(at).toDateString() === new Date().toDateString()
    ? new Date(at).toLocaleTimeString()
    : new Date(at).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' });

/** The latest state changes of one profile with their causes (a crash's last lines under it), newest first. */
export function HistoryList({
  name,
  target = LOCAL,
  count = 12,
}: {
  name: string;
  target?: HostTarget;
  count?: number;
}) {
  const report = useHistory(target, name);
  const now = useSharedNow();
  if (!report) return null;
  const live = liveUptime(report, now);
  const entries = report.entries.slice(-count).reverse();
  return (
    <section aria-label={`History of ${name}`} className="history">
      <h3 className="subhead">
        History · up {uptimeText(live.day)} over 24 h, {uptimeText(live.week)} over 7 days · {report.outages.length}{' '}
        outage{report.outages.length === 1 ? '' : 's'} this week
      </h3>
      {!entries.length ? (
        <p className="muted">No state changes recorded yet.</p>
      ) : (
        <ol className="history-list">
          {entries.map((entry, i) => (
            <li key={`${entry.at}-${i}`} data-cause={entry.cause?.kind ?? 'none'}>
              <time
                className="muted num"
                dateTime={new Date(entry.at).toISOString()}
                title={new Date(entry.at).toString()}
              >
                {when(entry.at)}
              </time>
              <span className={`history-state history-${entry.state}`}>{entry.state}</span>
              <span>{entryText(entry)}</span>
              {entry.cause?.lines?.length ? <pre className="history-lines">{entry.cause.lines.join('\n')}</pre> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
