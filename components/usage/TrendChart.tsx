import { useEffect, useId, useRef, useState } from 'react';

export interface TrendSeries {
  /** Dates "YYYY-MM-DD", oldest first. */
  dates: string[];
  /** One value per date; null where the day has no data (a gap, not zero). */
  values: Array<number | null>;
}

/** The page's color scheme, so the chart (drawn on a canvas with the theme's colors) redraws when it changes. */
function useColorScheme(): 'dark' | 'light' {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setDark(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return dark ? 'dark' : 'light';
}

const DAY_INCRS = [1, 2, 7, 14, 28, 56, 91, 182, 364].map((d) => d * 86_400);
const INTEGER_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

/**
 * A daily trend as a uPlot line chart (no eval; loaded on demand so it does not weigh on first paint),
 * with the same numbers in a real table inside a <details> for screen readers and keyboard users.
 * `format` renders a value for the table and the chart's axis; `tableValues` may give exact texts (money).
 */
export function TrendChart({
  title,
  series,
  format,
  tableValues,
  integer = false,
  columns = [],
  note,
}: {
  title: string;
  series: TrendSeries;
  format: (v: number) => string;
  tableValues?: string[];
  integer?: boolean;
  /** More columns of the data table (e.g. a breakdown of the charted value), one text per date. */
  columns?: ReadonlyArray<{ label: string; values: readonly string[] }>;
  /** Said under the chart (e.g. which days have no data and why). */
  note?: string | null;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  // The table's rows are rendered once it is opened (a closed <details> shows nothing and is read by nothing), so four trends of a year of days do not weigh on the tab's first render.
  const [open, setOpen] = useState(false);
  const descId = useId();
  const scheme = useColorScheme();

  useEffect(() => {
    const el = box.current;
    if (!el || series.dates.length === 0) return;
    let plot: { destroy(): void; setSize(s: { width: number; height: number }): void } | null = null;
    let observer: ResizeObserver | null = null;
    let cancelled = false;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')])
      .then(([mod]) => {
        if (cancelled) return;
        const UPlot = mod.default;
        const css = getComputedStyle(el);
        const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
        const xs = series.dates.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
        const width = Math.max(240, el.clientWidth);
        plot = new UPlot(
          {
            width,
            height: 180,
            tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
            legend: { show: false },
            cursor: { drag: { x: false, y: false } },
            scales: { x: { time: true } },
            axes: [
              {
                stroke: color('--muted', '#666'),
                grid: { stroke: color('--border', '#ddd'), width: 1 },
                ticks: { stroke: color('--border', '#ddd') },
                // Whole days only (the data is daily, in UTC).
                incrs: DAY_INCRS,
                values: (_u, splits) => splits.map((ts) => new Date(ts * 1000).toISOString().slice(5, 10)),
              },
              {
                stroke: color('--muted', '#666'),
                grid: { stroke: color('--border', '#ddd'), width: 1 },
                ticks: { stroke: color('--border', '#ddd') },
                size: 70,
                ...(integer ? { incrs: INTEGER_INCRS } : {}),
                values: (_u, splits) => splits.map((v) => format(v)),
              },
            ],
            series: [{}, { label: title, stroke: color('--accent', '#b5532f'), width: 2, spanGaps: false, points: { show: series.dates.length < 40 } }],
          },
          [xs, series.values],
          el,
        );
        observer = new ResizeObserver(() => plot?.setSize({ width: Math.max(240, el.clientWidth), height: 180 }));
        observer.observe(el);
        setState('ready');
      })
      .catch(() => !cancelled && setState('failed'));
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [series, title, format, integer, scheme]);

  if (series.dates.length === 0) return <p className="empty">No days collected yet.</p>;
  const first = series.dates[0]!;
  const last = series.dates[series.dates.length - 1]!;
  return (
    <figure className="trend" aria-describedby={descId}>
      <figcaption>
        <strong>{title}</strong> <span className="muted">{first === last ? first : `${first} to ${last} (UTC)`}</span>
      </figcaption>
      {/* The chart is a picture of the table below; assistive technology reads the table. */}
      <div ref={box} className="trend-plot" aria-hidden="true" />
      {state === 'loading' && <p className="muted">Drawing chart…</p>}
      {state === 'failed' && <p className="muted">The chart could not be drawn; the numbers are in the table.</p>}
      {note && <p className="muted">{note}</p>}
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary id={descId}>{title}: data table ({series.dates.length} days)</summary>
        <table className="compact">
          <caption className="sr-only">{/per day$/.test(title) ? title : `${title} per day`}</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col" className="num">
                {title}
              </th>
              {columns.map((c) => (
                <th scope="col" className="num" key={c.label}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {open && series.dates.map((d, i) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                <td className="num">{tableValues?.[i] ?? (series.values[i] === null ? '—' : format(series.values[i]!))}</td>
                {columns.map((c) => (
                  <td className="num" key={c.label}>
                    {c.values[i] ?? '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
