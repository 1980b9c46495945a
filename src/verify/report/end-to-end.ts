import { sha256 } from '../../codegen/header.js';
import type { GeneratedFile } from '../../codegen/generate.js';
import { STORAGE_DTYPES, type Fit, type StorageDtype } from '../../fit/fit-file.js';
import { activationOf } from '../../fit/activation-of.js';
import { PUBLISHED_NAMES } from '../published/optiacts.js';
import { NEAR_BINS, NEAR_HALF_WIDTH, xBinRange, Y_BINS, yBinRange } from '../end-to-end/bins.js';
import { endToEndKey, type EndToEndEntry, type EndToEndRecord, type Worst } from '../end-to-end/record.js';
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

type FitTexts = readonly { readonly text: string; readonly fit: Fit }[];

function gradFit(fits: FitTexts, name: string, branch: 'left' | 'right', dtype: StorageDtype) {
  return fits.find((f) => f.fit.activation.name === name && f.fit.branch.id === branch && f.fit.target === 'grad' && f.fit.dtype === dtype);
}

/**
 * The activations with both grad fits for y stored as `dtype`, built-ins and expressions, in the
 * fits' order (fits/, then fits/expr/). One-branch (monotone) functions have no branch bit, so no
 * end-to-end record: their floor is f' of the exact inverse of every y, with nothing lost to a bit.
 */
function endToEndNames(fits: FitTexts, dtype: StorageDtype): string[] {
  const names = fits.filter((f) => f.fit.dtype === dtype && f.fit.target === 'grad').map((f) => f.fit.activation.name);
  return [...new Set(names)].filter((n) => gradFit(fits, n, 'left', dtype) && gradFit(fits, n, 'right', dtype));
}

/** The recorded sweep of an activation with y stored as `dtype`, when it measured exactly these grad fits. */
function recorded(fits: FitTexts, record: EndToEndRecord, name: string, dtype: StorageDtype): EndToEndEntry | undefined {
  const [left, right] = [gradFit(fits, name, 'left', dtype), gradFit(fits, name, 'right', dtype)];
  const e = record[endToEndKey(name, dtype)];
  return left && right && e && e.sha256.left === sha256(left.text) && e.sha256.right === sha256(right.text) ? e : undefined;
}

const isPublished = (name: string) => (PUBLISHED_NAMES as readonly string[]).includes(name);

/** A worst error, where a NaN result counts as infinitely wrong. */
const worstOrNaN = (w: Worst) => (Number.isFinite(w.abs) ? worst(w) : `NaN or ∞ at x = ${w.atX.toPrecision(5)}`);

/**
 * One column per storage dtype of y: the floor, ours, ours / floor and the published approximation,
 * from the recorded sweeps over every finite float32 x (`verify --end-to-end --dtype …`).
 */
function dtypeTable(fits: FitTexts, record: EndToEndRecord): string[] {
  const md = [
    '',
    'Per storage dtype of y (y = f(x) rounded once to the dtype; the bf16 and fp16 fits are measured on every',
    "value of their dtype). The floor's x is next to the minimum for every dtype. `verify --end-to-end --dtype bf16 fp16`",
    'records the 16-bit columns; test/dtype checks them against an exact method that follows the runs of x',
    'sharing one stored y.',
    '',
    `| activation | | ${STORAGE_DTYPES.join(' | ')} |`,
    `|---|---|${STORAGE_DTYPES.map(() => '---|').join('')}`,
  ];
  // The activations with fits for a 16-bit dtype too (the built-ins).
  const halves = STORAGE_DTYPES.filter((d) => d !== 'float32').flatMap((d) => endToEndNames(fits, d));
  for (const name of endToEndNames(fits, 'float32').filter((n) => halves.includes(n))) {
    const entries = STORAGE_DTYPES.map((d) => recorded(fits, record, name, d));
    const row = (label: string, cell: (e: EndToEndEntry) => string) => md.push(`| ${name} | ${label} | ${entries.map((e) => (e ? cell(e) : 'not run for these fits')).join(' | ')} |`);
    row('floor', (e) => worst(e.max.floor!));
    row('ours', (e) => worst(e.max.ours!));
    row('ours / floor', (e) => (e.max.ours!.abs / e.max.floor!.abs).toFixed(4));
    if (isPublished(name)) {
      row('published (optiacts), all x', (e) => (e.max.published ? worstOrNaN(e.max.published) : '-'));
      row('published, \\|x\\| < 32', (e) => {
        const m = e.bins.published ? rangeMax(e.bins.published.x, (_s, lo) => lo < 32) : undefined;
        return m === undefined ? '-' : Number.isFinite(m) ? sci(m) : 'NaN or ∞';
      });
    }
  }
  md.push(
    '',
    'The published SiLU takes √(y − y_min) without a clamp: bf16 and fp16 round y next to the minimum to a value',
    'below it (−0.279296875 and −0.278564453125), where it returns NaN. Ours clamps y − y_min at 0.',
  );
  return md;
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
  for (const name of endToEndNames(fits, 'float32')) {
    const e = recorded(fits, record, name, 'float32');
    if (!e) {
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
    const a = activationOf(gradFit(fits, name, 'right', 'float32')!.fit);
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
  const oneBranch = [...new Set(fits.filter((f) => f.fit.branch.only && f.fit.target === 'grad').map((f) => f.fit.activation.name))];
  if (oneBranch.length > 0) {
    md.push('', `Not swept end to end: ${oneBranch.join(', ')}, monotone with one branch and no branch bit (\`verify --end-to-end\` takes two-branch fits only).`);
  }
  md.push(
    '',
    'Per range of x. The maximum is set next to the minimum, where rounding y merges many x and ours equals',
    'the floor. Elsewhere the floor (g of the exact inverse, in float64) lies far below a float32 ulp of f′,',
    'while ours is float32 code within its bound of about 2 ulp, so the ratio there measures that bound, not',
    'a loss against the floor. The published SiLU breaks down for y > 2^24, where σ·(1 − y) + y is not exact in',
    'float32 (it returns 2 or 0 where f′ = 1); below 32 its worst is the one DESIGN §6 gives.',
    ...dtypeTable(fits, record),
    ...ranges,
    '',
    ...images,
  );
  return { md, files };
}
