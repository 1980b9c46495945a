/** Names shared by the emitters: one place decides how a fit's functions are called. */

export function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
}

export function pascal(snake: string): string {
  const c = camel(snake);
  return c[0]!.toUpperCase() + c.slice(1);
}

/** The snake_case base name of a target's function: "gelu_inverse", "gelu_grad_from_output". */
export function targetFunction(activation: string, target: 'inverse' | 'grad'): string {
  return `${activation}_${target === 'inverse' ? 'inverse' : 'grad_from_output'}`;
}

/** The per-branch function: "gelu_inverse_left". */
export function branchFunction(activation: string, target: 'inverse' | 'grad', branch: 'left' | 'right'): string {
  return `${targetFunction(activation, target)}_${branch}`;
}

/** The module file of an activation: "gelu", "gelu-tanh". */
export function moduleName(activation: string): string {
  return activation.replace(/_/g, '-');
}
