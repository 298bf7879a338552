// A bar chart as plain SVG (no script needed): a y axis with ticks and its label, an x axis
// with a label under every few bars and its label, one or more series of bars side by side,
// and a legend. Screen readers get its title and a description; the page places a table of
// the same numbers next to it (the chart alone is never the only way to read them).

/** A tick step of 1, 2 or 5 × 10ⁿ giving at most `count` steps up to `max`. */
export function niceStep(max: number, count = 4) {
  const raw = Math.max(1, max) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Math.max(1, Math.ceil(step));
}

export type BarSeries = { name: string; color: string; values: readonly (number | null)[] };

export function BarChart(props: {
  id: string;
  title: string;
  description: string;
  /** One label per bar group (a day, a month). */
  labels: readonly string[];
  series: readonly BarSeries[];
  xAxis: string;
  yAxis: string;
  /** A fixed top of the y axis (100 for a percentage); otherwise from the data. */
  max?: number;
  /** How a value reads in a bar's tooltip and on the axis. */
  format?: (v: number) => string;
  /** Where a bar leads (the list behind the figure): bars become links. */
  href?: (series: number, label: number) => string;
  /** The testid of the figure. */
  testId?: string;
}) {
  const format = props.format ?? ((v: number) => String(v));
  const W = 720;
  const H = 240;
  const m = { left: 52, right: 12, top: 12, bottom: 44 };
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  const dataMax = Math.max(1, ...props.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const step = niceStep(props.max ?? dataMax);
  const top = props.max ?? Math.ceil(dataMax / step) * step;
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  const n = Math.max(1, props.labels.length);
  const band = plotW / n;
  const bar = Math.max(1.5, (band * 0.76) / props.series.length);
  const y = (v: number) => m.top + plotH - (Math.min(v, top) / top) * plotH;
  const every = Math.ceil(n / 10);
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return (
    <figure className="dashboard-chart" data-testid={props.testId ?? props.id}>
      {/* With links inside, a group (its links stay reachable); otherwise one image. */}
      <svg viewBox={`0 0 ${W} ${H}`} role={props.href ? "group" : "img"} aria-labelledby={`${titleId} ${descId}`} className="chart">
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{props.description}</desc>
        <g className="axis-y">
          <line x1={m.left} y1={m.top} x2={m.left} y2={m.top + plotH} stroke="#333" />
          {ticks.map((v) => (
            <g key={v}>
              <line x1={m.left - 4} y1={y(v)} x2={m.left + plotW} y2={y(v)} stroke={v ? "#ddd" : "#333"} />
              <text x={m.left - 6} y={y(v) + 4} textAnchor="end" fontSize="12">
                {format(v)}
              </text>
            </g>
          ))}
          <text transform={`translate(12 ${m.top + plotH / 2}) rotate(-90)`} textAnchor="middle" fontSize="12">
            {props.yAxis}
          </text>
        </g>
        <g className="axis-x">
          {props.labels.map((label, i) =>
            i % every === 0 || i === n - 1 ? (
              <text key={label} x={m.left + i * band + band / 2} y={m.top + plotH + 16} textAnchor="middle" fontSize="11">
                {label}
              </text>
            ) : null,
          )}
          <text x={m.left + plotW / 2} y={H - 6} textAnchor="middle" fontSize="12">
            {props.xAxis}
          </text>
        </g>
        {props.labels.map((label, i) => {
          const x0 = m.left + i * band + (band - bar * props.series.length) / 2;
          return (
            <g key={label}>
              {props.series.map((s, k) => {
                const v = s.values[i];
                if (v === null || v === undefined) return null;
                const text = `${label}: ${s.name} ${format(v)}`;
                const rect = (
                  <rect key={s.name} x={x0 + k * bar} y={y(v)} width={bar} height={y(0) - y(v)} fill={s.color}>
                    <title>{text}</title>
                  </rect>
                );
                return props.href ? (
                  <a key={s.name} href={props.href(k, i)} aria-label={text}>
                    {rect}
                  </a>
                ) : (
                  rect
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {props.series.map((s) => (
          <span key={s.name}>
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.name}{" "}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
