import { sha256 } from '../../codegen/header.js';
import type { GeneratedFile } from '../../codegen/generate.js';
import type { Fit } from '../../fit/fit-file.js';
import { getActivation } from '../../functions/catalogue.js';
import { NEAR_BINS, NEAR_HALF_WIDTH, xBinRange, Y_BINS, yBinRange } from '../end-to-end/bins.js';
import type { EndToEndEntry, EndToEndRecord, Worst } from '../end-to-end/record.js';
import { linePlot, type Series } from './svg.js';

/**
 * The report's end-to-end section, from the recorded sweeps over every finite float32 x
 * (generated/report/end-to-end.json; `npx fit-inverse verify --end-to-end`): the worst error of f'
 * per activation, ours beside the floor and the published approximation, per range of x, and the
 * plots: near the minimum against x, and per branch against y − y_min. An activation whose grad
 * fits changed since its sweep is reported as not run.
 */
export const COLORS: Record<string, string> = { ours: '#1f77b4', floor: '#2ca02c', published: '#d62728' };
const LABELS: Record<string, string> = { floor: 'floor (exact g of the rounded y)', ours: 'ours', published: 'published (optiacts, reproduced)' };
const DASHED = new Set(['ours']);

const sci = (v: number) => (Number.isFinite(v) ? v.toExponential(3) : String(v));
const worst = (w: Worst) => `${sci(w.abs)} at x = ${w.atX.toPrecision(5)}`;

/** Ranges of x made of whole float32 binades (so the x bins give their maxima exactly). */
const RANGES: { label: string; holds: (sign: number, lo: number) => boolean }[] = [
  { label: 'x < −16', holds: (s, lo) => s < 0 && lo >= 16 },
  { label: '−16 ≤ x < −2', holds: (s, lo) => s < 0 && lo >= 2 && lo < 16 },
  { label: '−2 ≤ x < −0.5', holds: (s, lo) => s < 0 && lo >= 0.5 && lo < 2 },
  { label: '−0.5 ≤ x ≤ −0', holds: (s, lo) => s < 0 && lo < 0.5 },
  { label: '0 ≤ x < 0.5', holds: (s, lo) => s > 0 && lo < 0.5 },
  { label: '0.5 ≤ x < 2', holds: (s, lo) => s > 0 && lo >= 0.5 && lo < 2 },
  { label: '2 ≤ x < 16', holds: (s, lo) => s > 0 && lo >= 2 && lo < 16 },
  { label: 'x ≥ 16', holds: (s, lo) => s > 0 && lo >= 16 },
];

function rangeMax(column: readonly (number | null)[], holds: (sign: number, lo: number) => boolean): number | undefined {
  let best: number | undefined;
  column.forEach((v, b) => {
    const r = xBinRange(b);
    if (v !== null && holds(r.sign, r.lo) && !(v <= (best ?? -1))) best = v;
  });
  return best;
}

function series(entry: EndToEndEntry, points: (values: readonly (number | null)[]) => [number, number][], pick: (bins: EndToEndEntry['bins'][string]) => readonly (number | null)[]): Series[] {
  return entry.candidates.map((c) => ({ label: LABELS[c] ?? c, color: COLORS[c] ?? '#000', dashed: DASHED.has(c), points: points(pick(entry.bins[c]!)) }));
}

export function endToEndSection(fits: readonly { readonly text: string; readonly fit: Fit }[], record: EndToEndRecord): { md: string[]; files: GeneratedFile[] } {
  const md: string[] = [
    '',
    '## End to end',
    '',
    "Max |g(fl32(f(x)), bit) − f'(x)| over every finite float32 x, from `npx fit-inverse verify --end-to-end`",
    '(recorded in `end-to-end.json` for these exact grad fits). The floor is the same with the exact g of the',
    'rounded y, f′(f⁻¹(y)) on the bit\'s branch: no function of (y, bit) can do better. "Published" is the',
    'optiacts approximation (PgLoLo/optiacts, arXiv 2407.15545), reproduced from its constants in float32.',
    '',
    '| activation | float32 x | floor | ours | ours / floor | published (optiacts), all x | published, \\|x\\| < 32 |',
    '|---|---|---|---|---|---|---|',
  ];
  const files: GeneratedFile[] = [];
  const images: string[] = [];
  const ranges: string[] = [];
  for (const name of ['gelu', 'gelu_tanh', 'silu']) {
    const grad = (b: string) => fits.find((f) => f.fit.activation.name === name && f.fit.branch.id === b && f.fit.target === 'grad');
    const [left, right] = [grad('left'), grad('right')];
    const e = record[name];
    if (!left || !right || !e || e.sha256.left !== sha256(left.text) || e.sha256.right !== sha256(right.text)) {
      md.push(`| ${name} | not run for these fits | - | - | - | - | - |`);
      continue;
    }
    const ratio = e.max.ours!.abs / e.max.floor!.abs;
    const pub = e.max.published;
    const pubNear = e.bins.published ? rangeMax(e.bins.published.x, (_s, lo) => lo < 32) : undefined;
    md.push(
      `| ${name} | ${e.values} | ${worst(e.max.floor!)} | ${worst(e.max.ours!)} | ${ratio.toFixed(4)} (the fit adds ${((ratio - 1) * 100).toFixed(2)}% to the floor) | ${pub ? worst(pub) : 'none published'} | ${pubNear === undefined ? '-' : sci(pubNear)} |`,
    );
    ranges.push('', `${name}, max per range of x:`, '', `| x | ${e.candidates.join(' | ')} | ours / floor |`, `|---|${e.candidates.map(() => '---|').join('')}---|`);
    for (const r of RANGES) {
      const m = e.candidates.map((c) => rangeMax(e.bins[c]!.x, r.holds));
      const ratioCell = m[0] !== undefined && m[1] !== undefined && m[0] > 0 ? (m[1] / m[0]).toFixed(3) : '-';
      ranges.push(`| ${r.label} | ${m.map((v) => (v === undefined ? '-' : sci(v))).join(' | ')} | ${ratioCell} |`);
    }
    const a = getActivation(name);
    const nearX = (values: readonly (number | null)[]) =>
      values.flatMap((v, i) => (v === null ? [] : [[a.xMin - NEAR_HALF_WIDTH + ((i + 0.5) * 2 * NEAR_HALF_WIDTH) / NEAR_BINS, v] as [number, number]]));
    files.push({
      path: `report/end-to-end-${name}.svg`,
      text: linePlot({ title: `${name}: end-to-end error of f' near the minimum, every float32 x`, xLabel: 'x', yLabel: "max |g − f'(x)| per bin", series: series(e, nearX, (b) => b.near), logY: true }),
    });
    images.push(`![${name} end to end](end-to-end-${name}.svg)`);
    const byY = (values: readonly (number | null)[]) =>
      values.flatMap((v, b) => {
        if (v === null) return [];
        const r = yBinRange(b);
        const d = b === 0 ? r.hi / Math.SQRT2 : b === Y_BINS - 1 ? r.lo * Math.SQRT2 : 0.5 * (r.lo + r.hi);
        return [[d, v] as [number, number]];
      });
    for (const branch of ['left', 'right'] as const) {
      const file = `end-to-end-${name}-${branch}.svg`;
      files.push({
        path: `report/${file}`,
        text: linePlot({
          title: `${name} ${branch} branch: end-to-end error of f' against y, every float32 x`,
          xLabel: 'y − y_min (bins of a quarter binade; first: ≤ 2^-30, last: ≥ 2^8)',
          yLabel: "max |g − f'(x)| per bin",
          series: series(e, byY, (bins) => (branch === 'left' ? bins.yLeft : bins.yRight)),
          logX: true,
          logY: true,
        }),
      });
      images.push(`![${name} ${branch} branch against y](${file})`);
    }
  }
  md.push(
    '',
    'Per range of x. The maximum is set next to the minimum, where rounding y merges many x and ours equals',
    'the floor. Elsewhere the floor (g of the exact inverse, in float64) lies far below a float32 ulp of f′,',
    'while ours is float32 code within its bound of about 2 ulp, so the ratio there measures that bound, not',
    'a loss against the floor. The published SiLU breaks down for y > 2^24, where σ·(1 − y) + y is not exact in',
    'float32 (it returns 2 or 0 where f′ = 1); below 32 its worst is the one DESIGN §6 gives.',
    ...ranges,
    '',
    ...images,
  );
  return { md, files };
}
