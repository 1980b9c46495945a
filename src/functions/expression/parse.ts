import { parse as mathParse, type MathNode } from 'mathjs';
import type { ArithmeticOp, CompareOp, Expr } from './expr.js';
import { call, children, neg, num, print, X } from './expr.js';
import { FUNCTIONS, FUNCTION_NAMES } from './functions.js';

/**
 * Text → expression tree, through mathjs's parser. Everything outside the supported language
 * is rejected here with a RangeError that names the problem: a syntax error (with mathjs's
 * character position), an unknown symbol or function (with the allowed ones), a wrong number of
 * arguments, an unsupported construct.
 */

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };
/** max and min become conditionals, which the differentiator and both compilers know. */
const CONDITIONAL_FUNCTIONS = ['max', 'min'];
const ARITHMETIC: Readonly<Record<string, ArithmeticOp>> = { add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^' };
const COMPARE: Readonly<Record<string, CompareOp>> = { smaller: '<', smallerEq: '<=', larger: '>', largerEq: '>=', equal: '==', unequal: '!=' };

export function allowedNames(): string {
  return `the variable x, the constants pi and e, and the functions ${[...FUNCTION_NAMES, ...CONDITIONAL_FUNCTIONS].sort().join(', ')}`;
}

export function parseExpression(text: string): Expr {
  if (typeof text !== 'string' || text.trim() === '') throw new TypeError(`expression must be a non-empty string, got ${JSON.stringify(text)}`);
  let node: MathNode;
  try {
    node = mathParse(text);
  } catch (e) {
    throw new RangeError(`expression ${JSON.stringify(text)}: syntax error: ${(e as Error).message}`);
  }
  const e = fromMathNode(node, text);
  checkTypes(e, text);
  return e;
}

interface AnyNode {
  readonly type: string;
  readonly value?: unknown;
  readonly name?: string;
  readonly fn?: unknown;
  readonly op?: string;
  readonly args?: readonly AnyNode[];
  readonly content?: AnyNode;
  readonly condition?: AnyNode;
  readonly trueExpr?: AnyNode;
  readonly falseExpr?: AnyNode;
  toString(): string;
}

/**
 * A mathjs node as an expression tree; `text` names the expression in errors, and `bindings`
 * replaces placeholder symbols (the differentiator's chain rule uses them).
 */
export function fromMathNode(root: MathNode, text: string, bindings: Readonly<Record<string, Expr>> = {}): Expr {
  const fail = (problem: string): never => {
    throw new RangeError(`expression ${JSON.stringify(text)}: ${problem}`);
  };
  const walk = (n: AnyNode): Expr => {
    switch (n.type) {
      case 'ParenthesisNode':
        return walk(n.content!);
      case 'ConstantNode':
        if (typeof n.value !== 'number') return fail(`unsupported constant ${n.toString()}: only numbers are allowed`);
        return num(n.value);
      case 'SymbolNode': {
        const name = n.name!;
        if (name === 'x') return X;
        if (name in bindings) return bindings[name]!;
        if (name in CONSTANTS) return num(CONSTANTS[name]!);
        return fail(`unknown symbol "${name}"; allowed: ${allowedNames()}`);
      }
      case 'FunctionNode': {
        const fn = n.fn as AnyNode;
        if (fn.type !== 'SymbolNode') return fail(`unsupported call ${n.toString()}`);
        const name = fn.name!;
        const args = n.args!.map(walk);
        if (CONDITIONAL_FUNCTIONS.includes(name)) {
          if (args.length !== 2) return fail(`${name} takes 2 arguments, got ${args.length} in ${n.toString()}`);
          const [a, b] = args as [Expr, Expr];
          return { kind: 'if', cond: { kind: 'cmp', op: name === 'max' ? '>=' : '<=', a, b }, then: a, else: b };
        }
        const info = FUNCTIONS[name];
        if (!info) return fail(`unknown function "${name}"; allowed: ${allowedNames()}`);
        if (args.length !== info.arity) return fail(`${name} takes ${info.arity} argument${info.arity === 1 ? '' : 's'}, got ${args.length} in ${n.toString()}`);
        return call(name, ...args);
      }
      case 'OperatorNode': {
        const fn = n.fn as string;
        const args = n.args!.map(walk);
        if (fn === 'unaryMinus') return neg(args[0]!);
        if (fn === 'unaryPlus') return args[0]!;
        if (fn === 'not') return { kind: 'not', arg: args[0]! };
        const [a, b] = args as [Expr, Expr];
        if (fn in ARITHMETIC) return { kind: 'op', op: ARITHMETIC[fn]!, a, b };
        if (fn in COMPARE) return { kind: 'cmp', op: COMPARE[fn]!, a, b };
        if (fn === 'and' || fn === 'or') return { kind: 'logic', op: fn, a, b };
        return fail(`unsupported operator "${n.op}" in ${n.toString()}; allowed: + - * / ^, comparisons, and, or, not, ?:`);
      }
      case 'ConditionalNode':
        return { kind: 'if', cond: walk(n.condition!), then: walk(n.trueExpr!), else: walk(n.falseExpr!) };
      default:
        return fail(`unsupported construct ${n.toString()} (${n.type}); an expression is a formula in x`);
    }
  };
  return walk(root as unknown as AnyNode);
}

/** Conditions must be comparisons (or and/or/not of them), and arithmetic must not take one. */
export function checkTypes(e: Expr, text: string): void {
  const fail = (problem: string): never => {
    throw new RangeError(`expression ${JSON.stringify(text)}: ${problem}`);
  };
  const isBool = (n: Expr) => n.kind === 'cmp' || n.kind === 'logic' || n.kind === 'not';
  const visit = (n: Expr, wantBool: boolean): void => {
    if (isBool(n) !== wantBool) fail(wantBool ? `the condition ${print(n)} must be a comparison such as x < 0` : `the comparison ${print(n)} is used as a number; write a conditional (c ? a : b) instead`);
    switch (n.kind) {
      case 'cmp':
        visit(n.a, false);
        visit(n.b, false);
        return;
      case 'logic':
        visit(n.a, true);
        visit(n.b, true);
        return;
      case 'not':
        visit(n.arg, true);
        return;
      case 'if':
        visit(n.cond, true);
        visit(n.then, false);
        visit(n.else, false);
        return;
      default:
        for (const c of children(n)) visit(c, false);
    }
  };
  visit(e, false);
}
