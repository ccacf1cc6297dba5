// The port map: one row per profile with its footprint's parts, the clashing ports in red, live listeners, the ranges
// to avoid shaded; one SVG sized to its box in pixels so the labels stay readable at any width.
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Finding, Listener } from '../../../../electron/ports/common/findings.ts';
import type { PortProfile, PortRange } from '../../../../electron/ports/common/ports.ts';
import { axisTicks, portMapModel, portMapTable, type MapRow, type PortMapModel } from '../../portmap-model.ts';

type MapProfile = PortProfile & { flags?: { color?: string | null } };

/** The box's width in CSS pixels, followed as it changes (1000 until the first measure). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1000);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setWidth(Math.max(240, Math.round(box.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

const LEGEND: [string, string][] = [
  ['part-gateway', 'gateway (base)'],
  ['part-mcp-sandbox', 'MCP sandbox (base+1)'],
  ['part-browser-control', 'browser control (base+2)'],
  ['part-relays', 'relays (base+3…10)'],
  ['part-cdp-range', 'CDP range (base+11…110)'],
  ['tick', 'explicit cdpPort / named port'],
  ['clash', 'clashing ports'],
  ['mark-own', 'own listener'],
  ['mark-foreign', 'other process'],
  ['shade-ephemeral', "OS's ephemeral range"],
  ['shade-default', "OpenClaw's default ports"],
  ['ghost', 'draft being edited'],
];

const range = (from: number, to: number) => (from === to ? String(from) : `${from}–${to}`);

function summaryOf(model: PortMapModel): string {
  const clashes = new Set(model.rows.flatMap((r) => r.clashes.map((c) => c.title)));
  const foreign = model.foreign.length;
  return `Port map of ${model.rows.length} footprints, ports ${model.domain.from}–${model.domain.to}; ${
    clashes.size ? `${clashes.size} clash${clashes.size > 1 ? 'es' : ''}` : 'no clashes'
  }${foreign ? `, ${foreign} port${foreign > 1 ? 's' : ''} held by other processes` : ''}. The table below says the same.`;
}

function MapTable({ model }: { model: PortMapModel }) {
  const lines = portMapTable(model);
  return (
    <table className="portmap-table">
      <caption className="sr-only">The port map as a table</caption>
      <thead>
        <tr>
          <th scope="col">Profile</th>
          <th scope="col">Part</th>
          <th scope="col">Ports</th>
          <th scope="col">Clashes and listeners</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line, i) => (
          <tr key={i}>
            <td>{line.profile}</td>
            <td>{line.part}</td>
            <td className="num">{line.ports}</td>
            <td>{line.note}</td>
          </tr>
        ))}
        {model.foreign.map((mark) => (
          <tr key={`foreign-${mark.port}`}>
            <td>other processes</td>
            <td>listener</td>
            <td className="num">{mark.port}</td>
            <td>{mark.title}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Layout {
  x: (port: number) => number;
  left: number;
  right: number;
  narrow: boolean;
  rowHeight: number;
}

/** One profile's row; rows whose block is only a few pixels wide are drawn as one bar (the table has the parts). */
const Row = memo(function Row({
  row,
  y,
  layout,
  color,
  active,
}: {
  row: MapRow;
  y: number;
  layout: Layout;
  color: string | null;
  active: boolean;
}) {
  const { x, left, narrow } = layout;
  const barY = y + (narrow ? 17 : 6);
  const barH = 14;
  const width = (from: number, to: number, min: number) => Math.max(min, x(to + 1) - x(from));
  const detailed = width(row.block.from, row.block.to, 0) >= 24;
  const name = row.ghost ? `${row.profile} (draft)` : row.profile;
  const visible = (from: number, to: number) => x(to + 1) >= left && x(from) <= layout.right;
  return (
    <g
      className={`row${row.ghost ? ' ghost' : ''}${row.replaced ? ' replaced' : ''}${active ? ' active' : ''}`}
      data-profile={row.profile}
      data-ghost={row.ghost || undefined}
      style={color ? ({ '--own': color } as React.CSSProperties) : undefined}
    >
      {active && <rect className="row-active" x={0} y={y} width={layout.right + 8} height={layout.rowHeight} />}
      <text x={narrow ? left : left - 8} y={narrow ? y + 12 : barY + 11} textAnchor={narrow ? 'start' : 'end'}>
        {name}
      </text>
      {detailed ? (
        row.parts
          .filter((part) => visible(part.from, part.to))
          .map((part) => (
            <rect
              key={part.use}
              className={`part part-${part.use}`}
              x={x(part.from)}
              y={barY}
              width={width(part.from, part.to, 1)}
              height={barH}
            >
              <title>{`${row.profile}: ${part.label} ${range(part.from, part.to)}`}</title>
            </rect>
          ))
      ) : (
        <rect
          className="part part-block"
          x={x(row.block.from)}
          y={barY}
          width={width(row.block.from, row.block.to, 2)}
          height={barH}
        >
          <title>{`${row.profile}: ${range(row.block.from, row.block.to)} (base ${row.base})`}</title>
        </rect>
      )}
      {row.ticks
        .filter((tick) => visible(tick.from, tick.to))
        .map((tick) => (
          <rect
            key={`${tick.use}-${tick.from}`}
            className="tick"
            x={x(tick.from) - 1}
            y={barY - 4}
            width={Math.max(2, width(tick.from, tick.to, 2))}
            height={barH + 8}
          >
            <title>{`${row.profile}: ${tick.label} ${tick.from}`}</title>
          </rect>
        ))}
      {row.clashes.map((clash) => (
        <rect
          key={`${clash.from}-${clash.to}-${clash.owners.join()}`}
          className="clash"
          data-from={clash.from}
          data-to={clash.to}
          x={x(clash.from)}
          y={barY - 2}
          width={width(clash.from, clash.to, 2)}
          height={barH + 4}
        >
          <title>{clash.title}</title>
        </rect>
      ))}
      {row.marks.map((mark) => (
        <path
          key={`${mark.own}-${mark.port}`}
          className={mark.own ? 'mark mark-own' : 'mark mark-foreign'}
          data-port={mark.port}
          d={`M${x(mark.port) + 0.5} ${barY + barH + 1} l5 7 h-10 z`}
        >
          <title>{mark.title}</title>
        </path>
      ))}
    </g>
  );
});

export const PortMap = memo(function PortMap({
  profiles,
  findings,
  listeners = [],
  ephemeral = null,
  draft = null,
  highlight,
}: {
  profiles: readonly MapProfile[];
  findings: readonly Finding[];
  listeners?: readonly Listener[];
  ephemeral?: PortRange | null;
  draft?: PortProfile | null;
  highlight?: string | null;
}) {
  const [ref, pixels] = useWidth();
  const [zoomed, setZoomed] = useState(false);
  const [tableOpen, setTableOpen] = useState(false);
  const focus = zoomed && highlight && profiles.some((p) => p.name === highlight) ? highlight : null;
  const model = useMemo(
    () => portMapModel({ profiles, findings, listeners, ephemeral, draft, focus }),
    [profiles, findings, listeners, ephemeral, draft, focus],
  );
  const colors = useMemo(() => new Map(profiles.map((p) => [p.name, p.flags?.color ?? null])), [profiles]);
  const { from, to } = model.domain;
  // One layout object per width and view, so the memoized rows skip re-rendering on unrelated updates.
  const layout = useMemo((): Layout => {
    const narrow = pixels < 560;
    const left = narrow ? 6 : Math.min(150, Math.round(pixels * 0.16));
    const right = pixels - 10;
    const x = (port: number) => left + ((port - from) / (to - from + 1)) * (right - left);
    return { x, left, right, narrow, rowHeight: narrow ? 40 : 28 };
  }, [pixels, from, to]);
  if (!model.rows.length) return null;

  const { x, left, right, narrow, rowHeight } = layout;
  const lanes = model.rows.length + (model.foreign.length ? 1 : 0);
  const top = 16;
  const height = top + lanes * rowHeight + 26;
  const axisY = top + lanes * rowHeight + 4;
  const ticks = axisTicks(model.domain, Math.max(2, Math.floor((right - left) / 90)));
  const foreignY = top + model.rows.length * rowHeight;

  return (
    <figure className="portmap" aria-labelledby="portmap-caption">
      <div className="portmap-head">
        <figcaption id="portmap-caption">Port map</figcaption>
        <div className="buttons" role="group" aria-label="Port map view">
          <button type="button" className="small" aria-pressed={!focus} onClick={() => setZoomed(false)}>
            Fit all
          </button>
          <button
            type="button"
            className="small"
            aria-pressed={Boolean(focus)}
            disabled={!highlight}
            onClick={() => setZoomed(true)}
          >
            {highlight ? `Zoom to ${highlight}` : 'Zoom to profile'}
          </button>
        </div>
      </div>
      <div ref={ref} className="portmap-box">
        <svg
          width={pixels}
          height={height}
          viewBox={`0 0 ${pixels} ${height}`}
          role="img"
          aria-label={summaryOf(model)}
          data-from={from}
          data-to={to}
        >
          {model.shades.map((shade) => (
            <g key={`${shade.kind}-${shade.from}`} className={`shade shade-${shade.kind}`}>
              <rect
                x={x(shade.from)}
                y={top - 14}
                width={Math.max(1, x(shade.to + 1) - x(shade.from))}
                height={axisY - top + 14}
              >
                <title>{shade.label}</title>
              </rect>
              {x(shade.to + 1) - x(shade.from) > 70 && (
                <text x={x(shade.from) + 4} y={top - 4}>
                  {shade.kind === 'ephemeral' ? 'ephemeral' : 'OpenClaw default'}
                </text>
              )}
            </g>
          ))}
          {model.rows.map((row, i) => (
            <Row
              key={`${row.profile}-${row.ghost}`}
              row={row}
              y={top + i * rowHeight}
              layout={layout}
              color={colors.get(row.profile) ?? null}
              active={highlight === row.profile && !row.ghost}
            />
          ))}
          {model.foreign.length > 0 && (
            <g className="row foreign-lane">
              <text
                x={narrow ? left : left - 8}
                y={foreignY + (narrow ? 12 : 17)}
                textAnchor={narrow ? 'start' : 'end'}
              >
                other processes
              </text>
              {model.foreign.map((mark) => (
                <path
                  key={mark.port}
                  className="mark mark-foreign"
                  data-port={mark.port}
                  d={`M${x(mark.port) + 0.5} ${foreignY + (narrow ? 20 : 8)} l6 9 h-12 z`}
                >
                  <title>{mark.title}</title>
                </path>
              ))}
            </g>
          )}
          <g className="axis">
            <line x1={left} x2={right} y1={axisY} y2={axisY} />
            {ticks.map((port) => (
              <g key={port}>
                <line x1={x(port)} x2={x(port)} y1={axisY} y2={axisY + 4} />
                <text x={x(port)} y={axisY + 17} textAnchor="middle">
                  {port}
                </text>
              </g>
            ))}
          </g>
        </svg>
      </div>
      {model.draftOutside && (
        <p className="muted small-text" role="status">
          The draft&apos;s ports lie outside this view; the findings below say what they clash with.
        </p>
      )}
      {model.hiddenRows > 0 && (
        <p className="muted small-text">
          {model.hiddenRows} other profile{model.hiddenRows > 1 ? 's lie' : ' lies'} outside this view.
        </p>
      )}
      <ul className="legend" aria-label="Legend">
        {LEGEND.map(([kind, label]) => (
          <li key={kind}>
            <svg width="14" height="12" aria-hidden="true">
              <rect className={`legend-${kind}`} x="1" y="1" width="12" height="10" />
            </svg>
            {label}
          </li>
        ))}
      </ul>
      <details onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>The port map as a table</summary>
        {tableOpen && <MapTable model={model} />}
      </details>
    </figure>
  );
});
