import type { Activation } from '../functions/activation.js';
import { getActivation } from '../functions/catalogue.js';
import { expressionActivation } from '../functions/expression/activation.js';
import { FitFileError, type Fit } from './fit-file.js';

/**
 * The activation a fit was made for: a built-in by name, or the function its expression
 * defines, rebuilt from the fit file alone. A bad expression is reported as a bad field of the
 * file (`source` names it).
 */
export function activationOf(fit: Pick<Fit, 'activation'>, source = 'fit'): Activation {
  const { name, expression } = fit.activation;
  if (expression === undefined) return getActivation(name);
  try {
    return expressionActivation(name, expression);
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) throw new FitFileError(source, '$.activation.expression', e.message);
    throw e;
  }
}
