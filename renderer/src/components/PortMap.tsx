// One bar per profile across the port axis: its derived block, explicit ports as ticks; clashes in red.
import { footprintOf, type PortProfile } from '../../../electron/common/ports.ts';
import type { Finding } from '../../../electron/common/conflicts.ts';

export function PortMap({
  profiles,
  findings,
  highlight,
}: {
  profiles: PortProfile[];
  findings: Finding[];
  highlight?: string | null;
}) {
  const footprints = profiles.map(footprintOf).filter((f) => Number.isFinite(f.base));
  if (!footprints.length) return null;
  const clashing = new Set(
    findings.filter((f) => f.severity === 'error' && f.kind !== 'invalid-port').flatMap((f) => f.profiles),
  );
  const ports = footprints.flatMap((f) => f.spans.flatMap((s) => [s.from, s.to]));
  const min = Math.min(...ports);
  const max = Math.max(...ports);
  const pad = Math.max(20, (max - min) * 0.04);
  const from = min - pad;
  const to = max + pad;
  const width = 1000;
  const row = 26;
  const label = 110;
  const x = (port: number) => label + ((port - from) / (to - from)) * (width - label - 10);
  const height = footprints.length * row + 30;
  return (
    <figure className="portmap">
      <figcaption>Port map</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Port map: one bar per profile, clashes in red">
        {footprints.map((footprint, i) => {
          const y = i * row + 6;
          const bad = clashing.has(footprint.profile);
          const extras = footprint.spans.filter((s) => s.from < footprint.block.from || s.to > footprint.block.to);
          return (
            <g
              key={footprint.profile}
              data-profile={footprint.profile}
              className={`bar ${bad ? 'bar-clash' : 'bar-ok'} ${highlight === footprint.profile ? 'bar-active' : ''}`}
            >
              <text x={label - 8} y={y + 14} textAnchor="end" className="bar-label">
                {footprint.profile}
              </text>
              <rect
                x={x(footprint.block.from)}
                y={y}
                width={Math.max(3, x(footprint.block.to) - x(footprint.block.from))}
                height={row - 8}
                rx={3}
              >
                <title>{`${footprint.profile}: ${footprint.block.from}–${footprint.block.to}`}</title>
              </rect>
              {extras.map((span) => (
                <rect
                  key={`${span.use}-${span.from}`}
                  x={x(span.from) - 1.5}
                  y={y - 2}
                  width={3}
                  height={row - 4}
                  className="tick"
                >
                  <title>{`${span.label}: ${span.from}`}</title>
                </rect>
              ))}
            </g>
          );
        })}
        <text x={label} y={height - 6} className="axis">
          {Math.round(from)}
        </text>
        <text x={width - 10} y={height - 6} textAnchor="end" className="axis">
          {Math.round(to)}
        </text>
      </svg>
    </figure>
  );
}
