import { xatlu, xgelu, xsilu } from '../../functions/families/expanded.js';
import { expandedParams } from './expanded-params.js';

/**
 * The host functions of the expanded gates: the parameter block at α (fitted at each call,
 * about 1–30 ms; α is one scalar per layer and step). Pass it to the generated per-element
 * functions (TypeScript) or upload it as their uniform (WGSL).
 */
export const xsiluParams = (alpha: number): Float32Array => expandedParams(xsilu, alpha);
export const xgeluParams = (alpha: number): Float32Array => expandedParams(xgelu, alpha);
export const xatluParams = (alpha: number): Float32Array => expandedParams(xatlu, alpha);
