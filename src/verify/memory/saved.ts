import type { Tensor } from '@tensorflow/tfjs';
import { engineInternals, type TapeNode } from './engine-internals.js';

/**
 * What the tape holds for backward, per unique buffer: the saved tensors of every node (the
 * engine keeps them until backward ends), grouped by dataId. A buffer that is a parameter's own
 * (cpu shares it) is not an activation; a copy of a parameter (wasm's Identity copies) is counted
 * apart; everything else is an activation buffer.
 */
export interface SavedTotals {
  /** Activation buffers held for backward. */
  readonly activationBytes: number;
  /** Copies of parameters made only to save them (0 where saving shares the buffer). */
  readonly parameterCopyBytes: number;
  /** Activation buffers that only the activation ops' nodes hold: what an activation itself costs. */
  readonly activationOpBytes: number;
}

export function savedTotals(tape: readonly TapeNode[], parameterIds: ReadonlySet<object>, activationNodes: ReadonlySet<number>): SavedTotals {
  const info = engineInternals().state.tensorInfo;
  const producer = new Map<Tensor, TapeNode>();
  for (const node of tape) if (node.outputs.length === 1) producer.set(node.outputs[0]!, node);
  const buffers = new Map<object, { bytes: number; parameterCopy: boolean; onlyActivation: boolean }>();
  tape.forEach((node, index) => {
    for (const t of node.saved ?? []) {
      if (parameterIds.has(t.dataId)) continue;
      const bytes = info.get(t.dataId)?.bytes;
      if (bytes === undefined) throw new Error(`a saved tensor of ${node.kernelName} has been disposed before backward`);
      const source = producer.get(t)?.inputs['x'];
      const parameterCopy = source !== undefined && parameterIds.has(source.dataId);
      const entry = buffers.get(t.dataId) ?? { bytes, parameterCopy, onlyActivation: true };
      entry.onlyActivation &&= activationNodes.has(index);
      buffers.set(t.dataId, entry);
    }
  });
  let activationBytes = 0;
  let parameterCopyBytes = 0;
  let activationOpBytes = 0;
  for (const b of buffers.values()) {
    if (b.parameterCopy) {
      parameterCopyBytes += b.bytes;
      continue;
    }
    activationBytes += b.bytes;
    if (b.onlyActivation) activationOpBytes += b.bytes;
  }
  return { activationBytes, parameterCopyBytes, activationOpBytes };
}
