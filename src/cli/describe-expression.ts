import { describeAsymptote, expressionFunction, stabilizedText } from '../functions/expression/activation.js';
import { num, table } from './format.js';

/** What fit --expr prints before fitting: the forms float64 evaluates, critical points, asymptotes, branches. */
export function describeExpression(name: string, text: string): string {
  const e = expressionFunction(text);
  const forms = stabilizedText(e);
  const { criticalPoints, asymptotes, pieces } = e.analysis;
  const interval = (lo: number, hi: number, loOpen: boolean, hiOpen: boolean) => `${loOpen ? '(' : '['}${num(lo)}, ${num(hi)}${hiOpen ? ')' : ']'}`;
  const lines = [
    `${name}: f(x) = ${text}`,
    '',
    'evaluated in float64 as (after stable rewrites)',
    table([
      ['  f', forms.f],
      ["  f'", forms.df],
      ["  f''", forms.d2f],
    ]),
    '',
    criticalPoints.length === 0 ? 'critical points: none\nmonotone: one branch (code 0), no branch bit: backward needs y only' : 'critical points',
    ...(criticalPoints.length === 0 ? [] : [table(criticalPoints.map((c) => [`  ${c.kind}`, `x = ${num(c.x)}`, `y = ${num(c.y)}`, `f'' = ${num(c.d2f)}`]))]),
    '',
    'asymptotes',
    `  ${describeAsymptote(asymptotes.minus, '-∞')}`,
    `  ${describeAsymptote(asymptotes.plus, '+∞')}`,
    '',
    'branches',
    table(pieces.map((p) => [`  code ${p.code}`, p.direction, `x in ${interval(p.x.lo, p.x.hi, p.x.loOpen, p.x.hiOpen)}`, `y in ${interval(p.y.lo, p.y.hi, p.y.loOpen, p.y.hiOpen)}`])),
  ];
  return lines.join('\n');
}
