// Each gateway's history at a glance: a strip of up, down and stopped, with uptime over 24 h and 7 days; and the
// latest changes of one profile with their causes.
import { useEffect, useState } from 'react';
import type { HistoryReport } from '../../../electron/contract/contract.ts';
import { formatDuration } from '../../../electron/contract/format.ts';
import { uptime } from '../../../electron/gateways/common/history.ts';
import { causeText, entryText, uptimeText } from '../../../electron/gateways/common/gateway-text.ts';
import {
  headingFor,
  LOCAL,
  onHost,
  useBlocked,
  useConfiguredNames,
  useGateway,
  type HostTarget,
} from '../host-scope.ts';
import { KIND_WORDS, layout, SPAN_KINDS, stripSpans, stripWindow } from '../timeline-model.ts';

/** The time now in steps of 10 s: every strip and figure on screen is drawn for the same moment. */
function useSharedNow(): number {
  return Math.floor(useNow(1000) / 10_000) * 10_000;
}

/**
 * Uptime as of `now`, by the core's own function over the entries it sent (it keeps as many): a young history's figure
 * moves by the second, and two parts fetched a few seconds apart would disagree.
 */
const liveUptime = (report: HistoryReport, now: number) => ({
  day: uptime(report.entries, now, DAY),
  week: uptime(report.entries, now, 7 * DAY),
});
import './peer.css';
import { useNow } from './ui/time.ts';

const DAY = 24 * 3_600_000;
const WINDOWS = { '24 h': DAY, '7 d': 7 * DAY } as const;
type WindowName = keyof typeof WINDOWS;

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

const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function Strip({ report, windowMs, now }: { report: HistoryReport; windowMs: number; now: number }) {
  const shown = stripWindow(report.entries, now, windowMs);
  const spans = layout(stripSpans(report.entries, now, shown), 1000);
  const since =
    shown < windowMs
      ? `since ${shown < 3_600_000 ? new Date(now - shown).toLocaleTimeString() : clock(now - shown)}`
      : windowMs === DAY
        ? '24 h ago'
        : '7 days ago';
  return (
    <div className="strip">
      <svg
        viewBox="0 0 1000 18"
        preserveAspectRatio="none"
        role="img"
        aria-label={`Timeline of ${report.profile}: ${spans.filter((s) => s.kind === 'down').length} outage spans`}
      >
        {spans.map((span) => (
          <rect
            key={span.from}
            x={span.x}
            y={0}
            width={span.w}
            height={18}
            className={`span-${span.kind}`}
            data-kind={span.kind}
          >
            <title>{`${KIND_WORDS[span.kind]}${span.state ? ` (${span.state})` : ''}, ${clock(span.from)}–${clock(span.to)} (${formatDuration(span.to - span.from)}): ${span.cause}`}</title>
          </rect>
        ))}
      </svg>
      <div className="strip-axis muted">
        <span>{since}</span>
        <span>now</span>
      </div>
    </div>
  );
}

function TimelineRow({
  target,
  name,
  windowMs,
  now,
}: {
  target: HostTarget;
  name: string;
  windowMs: number;
  now: number;
}) {
  const report = useHistory(target, name);
  // Not asked while the host is out of reach: nothing is on its way.
  const missing = useBlocked(target.host) === null ? '…' : '–';
  const outages = report?.outages.length ?? 0;
  const live = report && liveUptime(report, now);
  return (
    <tr data-timeline={name}>
      <th scope="row">{name}</th>
      <td className="strip-cell">{report ? <Strip report={report} windowMs={windowMs} now={now} /> : missing}</td>
      <td className="num" aria-label={`${name} uptime over 24 h`}>
        {live ? uptimeText(live.day) : missing}
      </td>
      <td className="num" aria-label={`${name} uptime over 7 days`}>
        {live ? uptimeText(live.week) : missing}
      </td>
      <td className="num" title={report?.outages.map((o) => causeText(o.cause)).join('\n')}>
        {report ? outages : missing}
      </td>
    </tr>
  );
}

/** One strip per profile of the host that is set up. */
export function Timeline({ target = LOCAL }: { target?: HostTarget }) {
  const { host } = target;
  const names = useConfiguredNames(host);
  const blocked = useBlocked(host);
  const Heading = headingFor(host);
  const [windowName, setWindowName] = useState<WindowName>('24 h');
  const now = useSharedNow();
  if (!names) return null;
  return (
    <section className="timeline" aria-label={onHost('Timeline', host)}>
      <div className="peer-head">
        <Heading>Timeline</Heading>
        <span className="segmented" role="group" aria-label="Timeline window">
          {(Object.keys(WINDOWS) as WindowName[]).map((w) => (
            <button
              key={w}
              type="button"
              className="small"
              aria-pressed={windowName === w}
              onClick={() => setWindowName(w)}
            >
              {w}
            </button>
          ))}
        </span>
        <span className="legend muted">
          {SPAN_KINDS.map((kind) => (
            <span key={kind}>
              <i className={`swatch-${kind}`} aria-hidden /> {KIND_WORDS[kind]}
            </span>
          ))}
        </span>
      </div>
      {blocked !== null && <p className="muted">Not asked now: {blocked}.</p>}
      <table className="timelines" aria-label={onHost('Uptime per profile', host)}>
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">History</th>
            <th scope="col">24 h</th>
            <th scope="col">7 days</th>
            <th scope="col">Outages</th>
          </tr>
        </thead>
        <tbody>
          {names.split('\n').map((name) => (
            <TimelineRow key={name} target={target} name={name} windowMs={WINDOWS[windowName]} now={now} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

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
