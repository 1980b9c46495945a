import { LEVEL_COST, type StorageDtype, type Target } from './fit-file.js';
import type { BranchId } from '../functions/activation.js';

/**
 * The level cost each checked-in built-in fit was planned with, where it is not LEVEL_COST: what
 * `fit` uses when --level-cost is not given, so that refitting reproduces fits/ byte for byte.
 * silu's right-branch g: on random y each tree level costs V8 about half a misprediction, and
 * level cost 6 gives 9 segments of degree 8 instead of 15 of degree 5 (README, Performance).
 */
const SHIPPED_LEVEL_COST: Readonly<Record<string, number>> = {
  'silu.right.grad.float32': 6,
};

export function shippedLevelCost(fn: string, branch: BranchId, target: Target, dtype: StorageDtype): number {
  return SHIPPED_LEVEL_COST[`${fn}.${branch}.${target}.${dtype}`] ?? LEVEL_COST;
}

/** The exceptions, for help texts: "silu right grad 6". */
export function shippedLevelCostText(): string {
  return Object.entries(SHIPPED_LEVEL_COST)
    .map(([key, cost]) => `${key.split('.').slice(0, 3).join(' ')} ${cost}`)
    .join(', ');
}
