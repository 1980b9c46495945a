import type { BranchId } from '../functions/activation.js';
import { expressionActivation } from '../functions/expression/activation.js';
import type { Fit, Target } from './fit-file.js';
import { fitBranch, type FitOptions } from './planner.js';

/** Fit a function given by an expression; the fit file keeps the expression, so it stands alone. */
export function fitExpression(name: string, expression: string, branch: BranchId, target: Target, options: FitOptions = {}): Fit {
  const fit = fitBranch(expressionActivation(name, expression), branch, target, options);
  return { ...fit, activation: { ...fit.activation, expression } };
}
