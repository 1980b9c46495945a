import {
  add,
  c,
  call,
  ge,
  ifStmt,
  letStmt,
  load,
  log,
  lt,
  mul,
  neg,
  param,
  ref,
  ret,
  select,
  sqrt,
  sub,
  y,
  type Expr,
  type IrDispatch,
  type IrFunction,
  type ParamBlock,
  type Stmt,
} from '../../ir/ir.js';
import { GUESS_DEGREE, TAYLOR_DEGREE } from './expanded-plan.js';
import { ANCHOR_STRIDE, anchorName, boundaryName, KIND_CODE as KINDS, SEGMENT_SLOTS, SEGMENT_STRIDE, segmentName } from './expanded-params.js';
import { codeFunction, type FamilyCode } from './family-code.js';
import type { GateIr } from './gates-ir.js';
import { absOf, EXP, safeDiv } from './helpers.js';

/**
 * The per-element code of an expanded gate, one function per piece and target:
 *   1. y beyond the piece's ends gives the end's x (a critical point's, or ±∞) and f';
 *   2. a binary search over the piece's segment boundaries picks the segment;
 *   3. the guess: w = sign·((y − y_ref.hi) − y_ref.lo), v = w, √w, ∛w, ln w or 1/√w by the
 *      segment's kind, t = (v − center)·scale, guess = factor·P(t) with factor 1, v or w;
 *   4. NEWTON_STEPS Newton steps: on δ = x − x_anchor with the anchor's Taylor series as f(x) − y
 *      (where float32 cannot resolve f(x) − f(x_anchor) from f itself), or on x with f in float32;
 *   5. x (the anchor's pair plus δ), or f' at it.
 * Everything that depends on α is a load from the parameter block.
 */

export const NEWTON_STEPS = 2;


function pieceFunction(family: string, block: ParamBlock, gate: GateIr, piece: number, target: 'inverse' | 'grad', steps: number): IrFunction {
  const p = (field: string) => param(`p${piece}_${field}`);
  const seg = (field: string) => load(segmentName(piece, 0, field), ref('o'));
  const anc = (field: string) => load(anchorName(0, field), ref('ao'));
  const body: Stmt[] = [
    ifStmt({ op: 'isNaN', a: y }, [ret(y)], []),
    ifStmt(ge(p('y_low'), y), [ret(p(target === 'inverse' ? 'x_at_low' : 'g_at_low'))], []),
    ifStmt(ge(y, p('y_high')), [ret(p(target === 'inverse' ? 'x_at_high' : 'g_at_high'))], []),
  ];
  // Binary search: the last boundary ≤ y (boundary 0 is −∞, unused ones +∞).
  let index: Expr = c(0);
  for (let step = SEGMENT_SLOTS / 2; step >= 1; step /= 2) {
    const name = `j${step}`;
    const next = add(index, c(step));
    body.push(letStmt(name, select(ge(y, load(boundaryName(piece, 0), next)), next, index)));
    index = ref(name);
  }
  body.push(
    letStmt('o', mul(index, c(SEGMENT_STRIDE))),
    letStmt('kind', seg('kind')),
    letStmt('w', mul(seg('sign'), sub(sub(y, seg('yref_hi')), seg('yref_lo')))),
    // ln|w| serves the log, cube-root and reciprocal-square-root variables (one log, one exp).
    letStmt('lw', log(select(lt(absOf(ref('w')), c(2 ** -149)), c(2 ** -149), absOf(ref('w'))))),
    letStmt('ew', call(EXP.name, mul(ref('lw'), select(lt(ref('kind'), c(2.5)), c(Math.fround(1 / 3)), c(-0.5))))),
    letStmt(
      'v',
      select(
        lt(ref('kind'), c(KINDS.sqrt - 0.5)),
        ref('w'),
        select(
          lt(ref('kind'), c(KINDS.cbrt - 0.5)),
          sqrt(select(lt(ref('w'), c(0)), c(0), ref('w'))),
          select(lt(ref('kind'), c(KINDS.log - 0.5)), select(lt(ref('w'), c(0)), neg(ref('ew')), ref('ew')), select(lt(ref('kind'), c(KINDS.log + 0.5)), ref('lw'), ref('ew'))),
        ),
      ),
    ),
    letStmt('t', mul(sub(ref('v'), seg('center')), seg('scale'))),
  );
  let poly: Expr = seg(`c${GUESS_DEGREE}`);
  for (let k = GUESS_DEGREE - 1; k >= 0; k--) poly = add(seg(`c${k}`), mul(ref('t'), poly));
  const factor = select(lt(seg('factor'), c(0.5)), c(1), select(lt(seg('factor'), c(1.5)), ref('v'), ref('w')));
  body.push(letStmt('g0', mul(factor, poly)), letStmt('an', seg('anchor')));
  // Far out (|y| ≥ 2^64) the guess is the asymptote, exact to float32 (σ, Φ) or to a relative
  // 1/x³ (arctan), and f(x) itself could overflow: no Newton step there.
  const far = ge(absOf(y), c(2 ** 64));
  if (target === 'inverse') body.push(ifStmt(far, [ret(ref('g0'))], []));
  else body.push(ifStmt(far, [...gate.fdf(ref('g0'), 'nt'), ret(ref('ntdf'))], []));

  // Taylor mode: the residual T(δ) − (y − y_anchor), T(δ) = Σ c_k δ^k, T'(δ) = Σ d_k δ^(k−1).
  const series = (prefix: 'c' | 'd', d: Expr, times: boolean): Expr => {
    let acc: Expr = anc(`${prefix}${TAYLOR_DEGREE}`);
    for (let k = TAYLOR_DEGREE - 1; k >= 1; k--) acc = add(anc(`${prefix}${k}`), mul(d, acc));
    return times ? mul(d, acc) : acc;
  };
  const taylor: Stmt[] = [letStmt('ao', mul(ref('an'), c(ANCHOR_STRIDE))), letStmt('wa', sub(sub(y, anc('y_hi')), anc('y_lo'))), letStmt('d0', ref('g0'))];
  for (let k = 0; k < steps; k++) {
    const d = ref(`d${k}`);
    // A step must not cross the anchor: beyond it lies the neighbouring piece, whose root for the
    // same y it would find (where two critical points nearly meet, near α_c). Halve δ instead.
    taylor.push(
      letStmt(`s${k}`, sub(d, safeDiv(sub(series('c', d, true), ref('wa')), series('d', d, false)))),
      letStmt(`d${k + 1}`, select(lt(mul(ref(`s${k}`), d), c(0)), mul(d, c(0.5)), ref(`s${k}`))),
    );
  }
  const dN = ref(`d${steps}`);
  if (target === 'inverse') taylor.push(ret(add(anc('x_hi'), add(anc('x_lo'), dN))));
  else {
    // f' at the root, not at the rounded iterate: T'(δ) − T''(δ)·(T(δ) − w_a)/T'(δ).
    let second: Expr = anc(`e${TAYLOR_DEGREE}`);
    for (let k = TAYLOR_DEGREE - 1; k >= 2; k--) second = add(anc(`e${k}`), mul(dN, second));
    taylor.push(letStmt('tp', series('d', dN, false)), ret(sub(ref('tp'), safeDiv(mul(second, sub(series('c', dN, true), ref('wa'))), ref('tp')))));
  }

  // Direct mode: Newton on f(x) − y with f and f' in float32.
  const direct: Stmt[] = [letStmt('x0', ref('g0'))];
  for (let k = 0; k < steps; k++) {
    direct.push(...gate.fdf(ref(`x${k}`), `n${k}`), letStmt(`x${k + 1}`, sub(ref(`x${k}`), safeDiv(ref(`n${k}r`), ref(`n${k}df`)))));
  }
  if (target === 'inverse') direct.push(ret(ref(`x${steps}`)));
  else {
    // f' at the root, not at the rounded iterate (whose rounding f'' would carry into g, |x| times
    // over in an exponential tail): f' − f''·(f − y)/f'.
    direct.push(...gate.fdf(ref(`x${steps}`), 'nf'), ret(sub(ref('nfdf'), safeDiv(mul(ref('nfd2f'), ref('nfr')), ref('nfdf')))));
  }

  body.push(ifStmt(ge(ref('an'), c(0)), taylor, direct));
  const what = target === 'inverse' ? 'x = f⁻¹(y)' : "g = f'(f⁻¹(y))";
  return { name: `${family}_${target === 'inverse' ? 'inverse' : 'grad_from_output'}_piece${piece}`, doc: [`${family}, piece ${piece} (code ${piece}): ${what}, float32, ${steps} Newton steps.`], body, params: block };
}

/** The forward y = x·(a·g(x) − α) in float32. */
function forwardFunction(family: string, block: ParamBlock, gate: GateIr): IrFunction {
  return {
    name: `${family}_forward`,
    doc: [`${family} forward, float32: x·(g(x)·(1 + 2α) − α).`],
    params: block,
    body: [ifStmt({ op: 'isNaN', a: y }, [ret(y)], []), ...gate.fdf(y, 'n'), ret(ref('nf'))],
  };
}

export function expandedCode(family: string, block: ParamBlock, gate: GateIr, steps = NEWTON_STEPS): Omit<FamilyCode, 'host' | 'fits' | 'parameterNames'> {
  const dispatch = (target: 'inverse' | 'grad'): IrDispatch => ({
    name: `${family}_${target === 'inverse' ? 'inverse' : 'grad_from_output'}`,
    doc: [
      `${family}: ${target === 'inverse' ? 'x = f⁻¹(y)' : "g(y) = f'(f⁻¹(y))"} on the piece given by the branch code: 0 = x ≥ x_min, 1 = the decreasing piece, 2 = x < x_max (codes a piece lacks take piece 0).`,
      'float32 in and out; the parameter block from the host function at the current α.',
    ],
    branches: [2, 1, 0].map((j) => ({ code: j, fn: pieceFunction(family, block, gate, j, target, steps) })),
  });
  return {
    name: family,
    codeBits: 2,
    params: block,
    // exp serves the guess's variables; the gate's helpers follow (each after those it calls).
    helpers: [EXP, ...gate.helpers.filter((h) => h !== EXP)],
    inverse: dispatch('inverse'),
    grad: dispatch('grad'),
    forward: forwardFunction(family, block, gate),
    code: codeFunction(family, block),
    dParams: [
      { name: `${family}_dalpha`, doc: [`${family}: ∂f/∂α = x·(2g(x) − 1), float32.`], params: block, body: [ifStmt({ op: 'isNaN', a: y }, [ret(y)], []), ...gate.fdf(y, 'n'), ret(mul(y, ref('nodd')))] },
    ],
  };
}

