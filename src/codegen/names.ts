import type { StorageDtype } from '../fit/fit-file.js';

/** Names shared by the emitters: one place decides how a fit's functions are called. */

export function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
}

export function pascal(snake: string): string {
  const c = camel(snake);
  return c[0]!.toUpperCase() + c.slice(1);
}

/**
 * The snake_case base name of a target's function: "gelu_inverse", "gelu_grad_from_output"; for y
 * stored as a 16-bit dtype, with its name: "gelu_grad_from_output_bf16".
 */
export function targetFunction(activation: string, target: 'inverse' | 'grad', dtype: StorageDtype = 'float32'): string {
  const base = `${activation}_${target === 'inverse' ? 'inverse' : 'grad_from_output'}`;
  return dtype === 'float32' ? base : `${base}_${dtype}`;
}

/** The per-branch function: "gelu_inverse_left", "gelu_inverse_bf16_left". */
export function branchFunction(activation: string, target: 'inverse' | 'grad', branch: 'left' | 'right', dtype: StorageDtype = 'float32'): string {
  return `${targetFunction(activation, target, dtype)}_${branch}`;
}

/** The backward over arrays, dx from (y, mask, dy): "gelu_backward", as its WGSL kernel's file is named. */
export function backwardFunction(activation: string): string {
  return `${activation}_backward`;
}

/** The module file of an activation: "gelu", "gelu-tanh"; "gelu-bf16" for a 16-bit dtype. */
export function moduleName(activation: string, dtype: StorageDtype = 'float32'): string {
  const base = activation.replace(/_/g, '-');
  return dtype === 'float32' ? base : `${base}-${dtype}`;
}
