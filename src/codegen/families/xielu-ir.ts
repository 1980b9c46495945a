import type { Fit } from '../../fit/fit-file.js';
import { lowerFit } from '../../ir/lower.js';
import {
  add,
  c,
  call,
  div,
  ge,
  ifStmt,
  letStmt,
  lt,
  max,
  mul,
  neg,
  param,
  select,
  ref,
  ret,
  sqrt,
  sub,
  y,
  type IrDispatch,
  type IrFunction,
  type Stmt,
} from '../../ir/ir.js';
import { EXP, EXPM1_MINUS_X_NEG } from './helpers.js';
import type { FamilyCode } from './family-code.js';
import { XIELU_PARAMS } from './xielu-params.js';

/**
 * xIELU in the IR (see functions/families/xielu.ts for the algebra):
 *   x > 0 (code 0, y ≥ 0):  x = y/(β/2 + √α_p·√(y + c)),  f' = 2√α_p·√(y + c);
 *   x ≤ 0:  s = (y − y_min)/k,  x = x* + φ⁻¹(s),  f' = k·φ'(φ⁻¹(s)),
 * with φ⁻¹ and φ'∘φ⁻¹ the fitted float32 Lambert W code (fits/families/ielu_phi.*), called as
 * helpers: the left branch's on code 1, the right branch's on code 0. Right of x*·½ (y ≥ y_polish)
 * x* + t cancels, so one Newton step on f(x) = βx + α_n·(e^x − 1 − x) restores the relative
 * accuracy of x; f itself has no cancellation there.
 * On the forward's clamp line x ∈ [ε, 0] (code 2): y = α_n·expm1(ε) − k·x, x = (line_y0 − y)/k
 * (kept in [ε, 0]) and f' = −k.
 */

export interface IeluPhiFits {
  readonly inverse: { readonly left: Fit; readonly right: Fit };
  readonly grad: { readonly left: Fit; readonly right: Fit };
}

const p = param;
const phiName = (target: 'inverse' | 'grad', branch: 'left' | 'right') => `ielu_phi_${target === 'inverse' ? 'inverse' : 'grad_from_output'}_${branch}`;

/** The helpers the xIELU functions call: the φ fits, and e^x and e^x − 1 − x for the Newton step. */
export function xieluHelpers(fits: IeluPhiFits): IrFunction[] {
  return [
    EXP,
    EXPM1_MINUS_X_NEG,
    ...(['inverse', 'grad'] as const).flatMap((t) => (['left', 'right'] as const).map((b) => lowerFit(fits[t][b], phiName(t, b)))),
  ];
}

/** s = max((y − y_min.hi) − y_min.lo, 0)/k: y − y_min.hi is exact near the minimum (Sterbenz). */
const sStatements: Stmt[] = [
  letStmt('d', max(sub(sub(y, p('y_min_hi')), p('y_min_lo')), c(0))),
  letStmt('s', div(ref('d'), p('k'))),
];

const positiveSqrt = () => sqrt(add(y, p('quad_c')));

function fn(name: string, doc: string[], body: Stmt[]): IrFunction {
  return { name, doc, body: [ifStmt({ op: 'isNaN', a: y }, [ret(y)], []), ...body], params: XIELU_PARAMS };
}

export function xieluFunctions(): { inverse: IrDispatch; grad: IrDispatch; forward: IrFunction } {
  const inverseRight = fn('xielu_inverse_right', ['xIELU, code 0 (x ≥ x*): x = f⁻¹(y), float32.'], [
    // y ≥ 0 on code 0 is x > 0 (x = 0 has code 2): y = 0 is x = 2^-149, whose βx rounds to 0.
    ifStmt(ge(y, c(0)), [ifStmt(ge(y, c(Infinity)), [ret(y)], []), ret(max(c(2 ** -149), div(y, add(p('beta_half'), mul(p('sqrt_ap'), positiveSqrt())))))], []),
    ...sStatements,
    letStmt('xw', add(p('x_star_hi'), add(p('x_star_lo'), call(phiName('inverse', 'right'), ref('s'))))),
    ifStmt(lt(y, p('y_polish')), [ret(ref('xw'))], []),
    // Nearer 0: the root of βx + α_n x²/2 = y, 2y/(β + √(β² + 2α_n y)).
    letStmt('xq', div(add(y, y), add(p('beta'), sqrt(add(p('beta_sq'), mul(p('two_alpha_n'), y)))))),
    letStmt('x0', select(lt(y, p('y_quad')), ref('xw'), ref('xq'))),
    letStmt('fx', add(mul(p('beta'), ref('x0')), mul(p('alpha_n'), call(EXPM1_MINUS_X_NEG.name, ref('x0'))))),
    letStmt('dfx', add(mul(p('alpha_n'), sub(call(EXP.name, ref('x0')), c(1))), p('beta'))),
    ret(sub(ref('x0'), div(sub(ref('fx'), y), ref('dfx')))),
  ]);
  const inverseLeft = fn('xielu_inverse_left', ['xIELU, code 1 (x < x*): x = f⁻¹(y), float32.'], [
    ...sStatements,
    ret(add(p('x_star_hi'), add(p('x_star_lo'), call(phiName('inverse', 'left'), ref('s'))))),
  ]);
  const inverseLine = fn('xielu_inverse_line', ['xIELU, code 2 (the clamp line ε ≤ x ≤ 0): x = f⁻¹(y), float32.'], [
    letStmt('xl', div(sub(p('line_y0'), y), p('k'))),
    ret(max(p('eps'), select(lt(c(0), ref('xl')), c(0), ref('xl')))),
  ]);
  const gradLine = fn('xielu_grad_from_output_line', ["xIELU, code 2 (the clamp line ε ≤ x ≤ 0): g = f'(f⁻¹(y)) = β − α_n, float32."], [ret(neg(p('k')))]);
  const gradRight = fn('xielu_grad_from_output_right', ["xIELU, code 0 (x ≥ x*): g = f'(f⁻¹(y)), float32."], [
    ifStmt(ge(y, c(0)), [ret(mul(p('two_sqrt_ap'), positiveSqrt()))], []),
    ...sStatements,
    ret(mul(p('k'), call(phiName('grad', 'right'), ref('s')))),
  ]);
  const gradLeft = fn('xielu_grad_from_output_left', ["xIELU, code 1 (x < x*): g = f'(f⁻¹(y)), float32."], [
    ...sStatements,
    ret(mul(p('k'), call(phiName('grad', 'left'), ref('s')))),
  ]);
  // The forward as the trained models compute it: α_p x² + βx, or α_n(expm1(min(x, ε)) − x) + βx
  // = α_n·(E(m) + (m − x)) + βx with E(m) = e^m − 1 − m, which is E(ε) = eps_expm1 on (ε, 0].
  const forward: IrFunction = {
    name: 'xielu_forward',
    doc: ['xIELU forward, float32: α_p x² + βx (x > 0), α_n(expm1(min(x, ε)) − x) + βx (x ≤ 0), ε = −1e−6.'],
    params: XIELU_PARAMS,
    body: [
      ifStmt({ op: 'isNaN', a: y }, [ret(y)], []),
      ifStmt(lt(c(0), y), [ret(mul(y, add(mul(p('alpha_p'), y), p('beta'))))], []),
      ifStmt(lt(p('eps'), y), [ret(add(mul(p('alpha_n'), add(p('eps_expm1'), sub(p('eps'), y))), mul(p('beta'), y)))], []),
      ret(add(mul(p('alpha_n'), call(EXPM1_MINUS_X_NEG.name, y)), mul(p('beta'), y))),
    ],
  };
  const dispatch = (name: string, what: string, line: IrFunction, left: IrFunction, right: IrFunction): IrDispatch => ({
    name,
    doc: [`xIELU: ${what} on the branch given by its code: 2 = the clamp line (ε ≤ x ≤ 0), 1 = left (x < x*), 0 (or any other) = right.`, 'float32 in and out; the parameter block from xieluParams(α_p, α_n).'],
    branches: [
      { code: 2, fn: line },
      { code: 1, fn: left },
      { code: 0, fn: right },
    ],
  });
  return {
    inverse: dispatch('xielu_inverse', 'x = f⁻¹(y)', inverseLine, inverseLeft, inverseRight),
    grad: dispatch('xielu_grad_from_output', "g(y) = f'(f⁻¹(y))", gradLine, gradLeft, gradRight),
    forward,
  };
}

/** The branch code of x: 2 on the clamp line eps ≤ x ≤ 0, else 1 left of x* (x < code_x1), else 0; NaN gives 0. */
function xieluCodeFunction(): IrFunction {
  const line = select(ge(y, p('eps')), select(lt(c(0), y), c(0), c(2)), c(0));
  return {
    name: 'xielu_code',
    doc: ['The branch code of x: 2 on the clamp line (ε ≤ x ≤ 0), 1 for x < x*, else 0. NaN gives 0.'],
    params: XIELU_PARAMS,
    body: [ret(select(lt(y, p('code_x1')), c(1), line))],
  };
}

/** The fit files xIELU's code is made of, as loadFits gives them (fits/families/ielu_phi.*). */
export interface FitEntry {
  readonly name: string;
  readonly text: string;
  readonly fit: Fit;
}

export function xieluCode(entries: readonly FitEntry[]): FamilyCode {
  const find = (target: 'inverse' | 'grad', branch: 'left' | 'right') => {
    const e = entries.find((f) => f.fit.activation.name === 'ielu_phi' && f.fit.target === target && f.fit.branch.id === branch);
    if (!e) throw new RangeError(`xielu: no fit for ielu_phi ${branch} ${target} (expected fits/families/ielu_phi.${branch}.${target}.float32.json; run: npx fit-inverse fit ielu_phi)`);
    return e;
  };
  const used = (['inverse', 'grad'] as const).flatMap((t) => (['left', 'right'] as const).map((b) => find(t, b)));
  const fits: IeluPhiFits = {
    inverse: { left: find('inverse', 'left').fit, right: find('inverse', 'right').fit },
    grad: { left: find('grad', 'left').fit, right: find('grad', 'right').fit },
  };
  const fns = xieluFunctions();
  return {
    name: 'xielu',
    codeBits: 2,
    params: XIELU_PARAMS,
    parameterNames: ['alphaP', 'alphaN'],
    host: { module: 'src/codegen/families/xielu-params.ts', name: 'xieluParams' },
    helpers: xieluHelpers(fits),
    inverse: fns.inverse,
    grad: fns.grad,
    forward: fns.forward,
    code: xieluCodeFunction(),
    dParams: [
      { name: 'xielu_dalpha_p', doc: ['xIELU: ∂f/∂α_p = x² (x > 0), 0 (x ≤ 0), float32.'], params: XIELU_PARAMS, body: [ifStmt({ op: 'isNaN', a: y }, [ret(y)], []), ifStmt(lt(c(0), y), [ret(mul(y, y))], []), ret(c(0))] },
      {
        name: 'xielu_dalpha_n',
        doc: ['xIELU: ∂f/∂α_n = expm1(min(x, ε)) − x (x ≤ 0), 0 (x > 0), float32.'],
        params: XIELU_PARAMS,
        body: [
          ifStmt({ op: 'isNaN', a: y }, [ret(y)], []),
          ifStmt(lt(c(0), y), [ret(c(0))], []),
          ifStmt(lt(p('eps'), y), [ret(add(p('eps_expm1'), sub(p('eps'), y)))], []),
          ret(call(EXPM1_MINUS_X_NEG.name, y)),
        ],
      },
    ],
    fits: used.map((e) => ({ name: `families/${e.name}`, text: e.text })),
  };
}
