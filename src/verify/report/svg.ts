/**
 * A small deterministic SVG line plot: fixed layout, numbers printed with fixed precision, so the
 * same data gives the same bytes (the report is checked for staleness).
 */
export interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

export interface Plot {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Plot y on a log10 scale (values ≤ 0 are dropped). */
  readonly logY?: boolean;
  /** Plot x on a log10 scale (x must be positive). */
  readonly logX?: boolean;
}

const W = 640;
const H = 320;
const M = { left: 64, right: 16, top: 28, bottom: 44 };

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2) ? v.toExponential(1) : Number(v.toPrecision(3)).toString());
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function linePlot(plot: Plot): string {
  const tf = (v: number) => (plot.logY ? Math.log10(v) : v);
  const tx = (x: number) => (plot.logX ? Math.log10(x) : x);
  const pts = plot.series.map((s) => s.points.filter(([x, v]) => Number.isFinite(v) && (!plot.logY || v > 0) && (!plot.logX || x > 0)));
  const xs = pts.flat().map(([x]) => tx(x));
  const ys = pts.flat().map(([, v]) => tf(v));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const px = (x: number) => M.left + ((tx(x) - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const py = (v: number) => H - M.bottom - ((tf(v) - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${esc(plot.title)}</text>`,
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="black"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const xt = x0 + ((x1 - x0) * i) / 4;
    const yv = y0 + ((y1 - y0) * i) / 4;
    const yy = H - M.bottom - (i / 4) * (H - M.top - M.bottom);
    const xx = M.left + (i / 4) * (W - M.left - M.right);
    out.push(`<text x="${xx.toFixed(1)}" y="${H - M.bottom + 14}" text-anchor="middle">${plot.logX ? `1e${xt.toFixed(1)}` : fmt(xt)}</text>`);
    out.push(`<text x="${M.left - 4}" y="${(yy + 4).toFixed(1)}" text-anchor="end">${plot.logY ? `1e${yv.toFixed(1)}` : fmt(yv)}</text>`);
    out.push(`<line x1="${M.left}" y1="${yy.toFixed(1)}" x2="${W - M.right}" y2="${yy.toFixed(1)}" stroke="#ddd"/>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 8}" text-anchor="middle">${esc(plot.xLabel)}</text>`);
  out.push(`<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">${esc(plot.yLabel)}</text>`);
  plot.series.forEach((s, i) => {
    const d = pts[i]!.map(([x, v]) => `${px(x).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.2"${s.dashed ? ' stroke-dasharray="4 3"' : ''} points="${d}"/>`);
    out.push(`<text x="${W - M.right - 4}" y="${M.top + 14 * (i + 1)}" text-anchor="end" fill="${s.color}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
