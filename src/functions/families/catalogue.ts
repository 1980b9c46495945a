import { xatlu, xgelu, xsilu } from './expanded.js';
import type { ParametricFamily } from './family.js';
import { xielu } from './xielu.js';

/** The trainable (parametric) activations, DESIGN §7. */
const FAMILIES: readonly ParametricFamily[] = [xsilu, xgelu, xatlu, xielu];

export function listFamilies(): readonly ParametricFamily[] {
  return FAMILIES;
}

export function familyNames(): readonly string[] {
  return FAMILIES.map((f) => f.name);
}

/** The family called `name`; a RangeError naming the allowed names otherwise. */
export function getFamily(name: string): ParametricFamily {
  const found = FAMILIES.find((f) => f.name === name);
  if (!found) throw new RangeError(`unknown family ${JSON.stringify(name)}; allowed: ${familyNames().join(', ')}`);
  return found;
}
