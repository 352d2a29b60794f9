/**
 * Hand-written SVG plots (no charting library: a few kB instead of a hundred). Timeline: one row
 * per node, a mark per proof (dot) or fault (cross) at its block height. Bars: each node's
 * volume as a bar, the used part filled. Both scale to their container through the viewBox.
 */
import { bytes, group, short } from "./format";

const W = 760;
const LEFT = 130;
const RIGHT = 16;
const ROW = 26;
const AXIS = 28;

export interface Mark {
  row: string;
  block: number;
  kind: "proof" | "fault";
  title: string;
}

function ticks(from: number, to: number, count = 5) {
  if (to <= from) return [from];
  const step = Math.max(1, Math.ceil((to - from) / count));
  const out: number[] = [];
  for (let t = from; t <= to; t += step) out.push(t);
  return out;
}

export function Timeline({ rows, marks, label }: { rows: { key: string; href?: string }[]; marks: Mark[]; label: string }) {
  if (!rows.length || !marks.length) return <p class="empty">No proofs or faults to plot yet.</p>;
  const blocks = marks.map((m) => m.block);
  const from = Math.min(...blocks);
  const to = Math.max(...blocks);
  const span = Math.max(1, to - from);
  const x = (b: number) => LEFT + ((b - from) / span) * (W - LEFT - RIGHT - 8) + 4;
  const y = (i: number) => i * ROW + ROW / 2;
  const index = new Map(rows.map((r, i) => [r.key, i]));
  const height = rows.length * ROW + AXIS;
  return (
    <figure class="plot">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} data-testid="timeline">
        {rows.map((r, i) => (
          <g key={r.key}>
            <line x1={LEFT} x2={W - RIGHT} y1={y(i)} y2={y(i)} class="grid" />
            <a href={r.href}><text x={LEFT - 8} y={y(i) + 4} text-anchor="end" class="tick mono">{short(r.key, 6)}</text></a>
          </g>
        ))}
        {ticks(from, to).map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={rows.length * ROW} class="grid faint" />
            <text x={x(t)} y={rows.length * ROW + 18} text-anchor="middle" class="tick">{group(t)}</text>
          </g>
        ))}
        {marks.map((m, i) => {
          const r = index.get(m.row);
          if (r === undefined) return null;
          const cx = x(m.block);
          const cy = y(r);
          return m.kind === "proof"
            ? <circle key={i} cx={cx} cy={cy} r={5} class="proof"><title>{m.title}</title></circle>
            : <path key={i} d={`M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}`} class="fault"><title>{m.title}</title></path>;
        })}
      </svg>
      <figcaption><span class="key proof">●</span> proof <span class="key fault">✕</span> fault, by block height</figcaption>
    </figure>
  );
}

export function Bars({ items, label }: { items: { key: string; href?: string; used: bigint; total: bigint }[]; label: string }) {
  if (!items.length) return <p class="empty">No nodes yet.</p>;
  const max = items.reduce((m, it) => (it.total > m ? it.total : m), 1n);
  const bar = W - LEFT - RIGHT - 150;
  const w = (v: bigint) => Number((v * 10_000n) / max) / 10_000 * bar;
  return (
    <figure class="plot">
      <svg viewBox={`0 0 ${W} ${items.length * ROW + 4}`} role="img" aria-label={label} data-testid="bars">
        {items.map((it, i) => (
          <g key={it.key}>
            <a href={it.href}><text x={LEFT - 8} y={i * ROW + 17} text-anchor="end" class="tick mono">{short(it.key, 6)}</text></a>
            <rect x={LEFT} y={i * ROW + 5} width={Math.max(1, w(it.total))} height={ROW - 10} class="volume" />
            <rect x={LEFT} y={i * ROW + 5} width={w(it.used)} height={ROW - 10} class="used"><title>{`${bytes(it.used)} used of ${bytes(it.total)}`}</title></rect>
            <text x={LEFT + bar + 8} y={i * ROW + 17} class="tick">{`${bytes(it.used)} / ${bytes(it.total)}`}</text>
          </g>
        ))}
      </svg>
      <figcaption><span class="key used">■</span> used <span class="key volume">■</span> volume offered</figcaption>
    </figure>
  );
}
