import { derivative, parse as mathParse } from 'mathjs';
import { children, dependsOnX, neg, num, op, print, type Expr } from './expr.js';
import { FUNCTIONS } from './functions.js';
import { fromMathNode } from './parse.js';
import { stabilize } from './stabilize.js';

/**
 * d/dx of an expression. mathjs `derivative` differentiates every subtree it knows (arithmetic
 * and the standard functions); the functions it lacks (erf, erfc, sigmoid, softplus, log1p,
 * expm1) have their rules in FUNCTIONS, and conditionals are differentiated branch by branch
 * (the condition stays). Where a known operation has such a subtree below it, mathjs gives the
 * operation's partial derivatives through placeholders and the chain rule joins them here.
 * The result is stabilized like the expression itself.
 */
export function differentiate(e: Expr): Expr {
  return stabilize(d(e));
}

/** Whether mathjs can differentiate the whole subtree. */
function mathjsKnows(e: Expr): boolean {
  if (e.kind === 'if') return false;
  if (e.kind === 'call' && FUNCTIONS[e.fn]!.derivative) return false;
  return children(e).every(mathjsKnows);
}

/** mathjs's derivative of `text` by `variable`; placeholder symbols u0, u1 are then replaced by `bindings`. */
function mathjsDerivative(text: string, variable: string, bindings: Readonly<Record<string, Expr>>): Expr {
  try {
    return fromMathNode(derivative(mathParse(text), variable, { simplify: false }), text, bindings);
  } catch (error) {
    throw new RangeError(`cannot differentiate ${text}: ${(error as Error).message}`);
  }
}

function d(e: Expr): Expr {
  if (!dependsOnX(e)) return num(0);
  if (mathjsKnows(e)) return mathjsDerivative(print(e), 'x', {});
  switch (e.kind) {
    case 'if':
      return { kind: 'if', cond: e.cond, then: d(e.then), else: d(e.else) };
    case 'neg':
      return neg(d(e.arg));
    case 'call': {
      const rule = FUNCTIONS[e.fn]!.derivative;
      const u = e.args[0]!;
      // f(u)' = f'(u)·u', with f' from the rule table or from mathjs on a placeholder.
      const outer = rule ? rule(u) : mathjsDerivative(`${e.fn}(u0)`, 'u0', { u0: u });
      return op('*', outer, d(u));
    }
    case 'op': {
      // Σ ∂op/∂operand · operand', the partials from mathjs on placeholders.
      const template = `u0 ${e.op} u1`;
      const bindings = { u0: e.a, u1: e.b };
      const terms = [e.a, e.b].flatMap((operand, i) => (dependsOnX(operand) ? [op('*', mathjsDerivative(template, `u${i}`, bindings), d(operand))] : []));
      return terms.reduce((sum, t) => op('+', sum, t));
    }
    default:
      throw new RangeError(`cannot differentiate ${print(e)}: a comparison has no derivative`);
  }
}

