import { VARIANTS, type Variant } from '../models/activation-op.js';
import { bindActivation } from '../models/family-op.js';
import { Parameters } from '../models/parameters.js';
import { measureStep, type StepMemory } from './measure.js';
import type { MemoryModel } from './models.js';

export interface VariantMemory extends Omit<StepMemory, 'activationSizes'> {
  readonly variant: Variant;
}

/** DESIGN §6: an activation keeps x (4 bytes per element) or the mask (4 bytes per 32 elements; per 16 for 2-bit codes). */
export interface MemoryTheory {
  readonly activationCalls: number;
  readonly elements: number;
  readonly xBytes: number;
  readonly maskBytes: number;
  /** What the inverted activation should save against save-x: bytes of x − bytes of the mask. */
  readonly savingBytes: number;
}

export interface MemoryComparison {
  readonly model: string;
  /** A catalogue activation or a trainable family. */
  readonly activation: string;
  readonly backend: string;
  readonly rows: readonly VariantMemory[];
  readonly theory: MemoryTheory;
  /** Inverted against save-x: bytes saved on the activation tensors, and that as a percentage of the theory. */
  readonly activationSaving: { readonly bytes: number; readonly percentOfTheory: number };
  /** Inverted against save-x, all activation buffers held for backward: bytes, % of save-x's, and the % the theory predicts. */
  readonly modelSaving: { readonly bytes: number; readonly percent: number; readonly theoryPercent: number };
  /** Inverted against tfjs's own op, all activation buffers: %. */
  readonly savingVsTfjsPercent: number;
  /** Held activation bytes per token in units of d_model (DESIGN §6 gives 9 → 5.125 for one MLP block). */
  readonly perTokenD: Readonly<Record<Variant, number>>;
}

function theoryOf(sizes: readonly number[], codeBits: number): MemoryTheory {
  const elements = sizes.reduce((a, b) => a + b, 0);
  const xBytes = 4 * elements;
  const maskBytes = sizes.reduce((a, n) => a + 4 * Math.ceil((codeBits * n) / 32), 0);
  return { activationCalls: sizes.length, elements, xBytes, maskBytes, savingBytes: xBytes - maskBytes };
}

/**
 * Measure one step of `model` with each variant of `activation` on the current backend. A
 * trainable family's weights (one vector per MLP block) are parameters of the step.
 */
export function compareVariants(model: MemoryModel, activation: string, backend: string, onVariant?: (v: Variant) => void): MemoryComparison {
  const rows: VariantMemory[] = [];
  let sizes: readonly number[] = [];
  let codeBits = 1;
  for (const variant of VARIANTS) {
    onVariant?.(variant);
    const weights = new Parameters(0);
    try {
      const bound = bindActivation(variant, activation, weights, model.activationSites);
      codeBits = bound.codeBits;
      const { activationSizes, ...m } = measureStep({ forward: (act) => model.forward(act), parameters: [...model.parameters, ...bound.weights] }, bound.op);
      sizes = activationSizes;
      rows.push({ variant, ...m });
    } finally {
      weights.dispose();
    }
  }
  const by = (v: Variant) => rows.find((r) => r.variant === v)!;
  const theory = theoryOf(sizes, codeBits);
  const [tfjs, saveX, inverted] = [by('tfjs'), by('save-x'), by('inverted')];
  const activationBytes = saveX.activationOpBytes - inverted.activationOpBytes;
  const modelBytes = saveX.activationBytes - inverted.activationBytes;
  const perToken = (r: VariantMemory) => r.activationBytes / (4 * model.tokens * model.dModel);
  return {
    model: model.description,
    activation,
    backend,
    rows,
    theory,
    activationSaving: { bytes: activationBytes, percentOfTheory: (100 * activationBytes) / theory.savingBytes },
    modelSaving: { bytes: modelBytes, percent: (100 * modelBytes) / saveX.activationBytes, theoryPercent: (100 * theory.savingBytes) / saveX.activationBytes },
    savingVsTfjsPercent: (100 * (tfjs.activationBytes - inverted.activationBytes)) / tfjs.activationBytes,
    perTokenD: { tfjs: perToken(tfjs), 'save-x': perToken(saveX), inverted: perToken(inverted) },
  };
}
