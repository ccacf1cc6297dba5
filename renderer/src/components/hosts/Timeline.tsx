// Each gateway's history at a glance, on one host: a strip of up, down and stopped, with uptime over 24 h and 7 days
// (one profile's latest changes are ui/History's HistoryList).
import { useState } from 'react';
import type { HistoryReport } from '../../../../electron/contract/contract.ts';
import { formatDuration } from '../../../../electron/contract/format.ts';
import { causeText, uptimeText } from '../../../../electron/gateways/common/gateway-text.ts';
import { headingFor, LOCAL, onHost, useBlocked, useConfiguredNames, type HostTarget } from '../../host-scope.ts';
import { KIND_WORDS, layout, SPAN_KINDS, stripSpans, stripWindow } from '../../timeline-model.ts';

import '../ui/peer.css';
import { DAY, liveUptime, useHistory, useSharedNow } from '../ui/History.tsx';

const WINDOWS = { '24 h': DAY, '7 d': 7 * DAY } as const;
type WindowName = keyof typeof WINDOWS;

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
