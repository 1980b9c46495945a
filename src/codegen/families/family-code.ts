import { add, c, lt, param, ret, select, y, type IrDispatch, type IrFunction, type ParamBlock } from '../../ir/ir.js';

/**
 * What the emitters need of one trainable family: its parameter block, the helpers its code
 * calls, and the per-element functions. Every function reads the block; none holds a constant
 * that depends on the parameters, so one generated file serves every value of them.
 */
export interface FamilyCode {
  readonly name: string;
  /** Bits per element of the packed branch code (DESIGN §1): 1 or 2. */
  readonly codeBits: 1 | 2;
  readonly params: ParamBlock;
  /** The trainable parameters, in the order the host function takes them. */
  readonly parameterNames: readonly string[];
  /** Where the host function that fills the block lives (a module under src/), and its name. */
  readonly host: { readonly module: string; readonly name: string };
  readonly helpers: readonly IrFunction[];
  readonly inverse: IrDispatch;
  readonly grad: IrDispatch;
  /** y = f(x) in float32, as the forward kernel computes it. */
  readonly forward: IrFunction;
  /** The branch code of x, as a float32 0, 1 or 2 (codeFunction's thresholds, or xIELU's own). */
  readonly code: IrFunction;
  /** ∂f/∂θ at x for each trainable parameter θ (in parameterNames order): what a layer needs x for. */
  readonly dParams: readonly IrFunction[];
  /** The fit files the helpers came from (for the headers' provenance), by name and text. */
  readonly fits: readonly { readonly name: string; readonly text: string }[];
}

/** The code function of a block with thresholds code_x1 ≥ code_x2 (−∞ where a piece is absent). */
export function codeFunction(family: string, params: ParamBlock): IrFunction {
  const one = (name: string) => select(lt(y, param(name)), c(1), c(0));
  return {
    name: `${family}_code`,
    doc: [`The branch code of x (0, 1 or 2): x < code_x1 gives 1, x < code_x2 too gives 2. NaN gives 0.`],
    params,
    body: [ret(add(one('code_x1'), one('code_x2')))],
  };
}
