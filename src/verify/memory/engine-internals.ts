import { engine, type Tensor } from '@tensorflow/tfjs';

/**
 * The parts of the tfjs 4.22 engine the memory measurement reads: the tape (each node's saved
 * tensors, kept until backward ends) and the per-buffer table keyed by dataId. tf.memory() sums
 * bytes per tensor handle, so a buffer shared by a tensor and its saved clone counts twice there.
 */
export interface TapeNode {
  readonly id: number;
  readonly kernelName: string;
  readonly inputs: Readonly<Record<string, Tensor>>;
  readonly outputs: readonly Tensor[];
  readonly saved?: readonly Tensor[];
}

export interface EngineInternals {
  readonly state: {
    readonly activeTape: TapeNode[] | null;
    readonly tensorInfo: WeakMap<object, { readonly bytes: number }>;
  };
  trackTensor(t: Tensor, backend: unknown): void;
  removeDataId(dataId: object, backend: unknown): void;
}

export function engineInternals(): EngineInternals {
  const e = engine() as unknown as EngineInternals;
  if (typeof e.trackTensor !== 'function' || typeof e.removeDataId !== 'function' || !(e.state?.tensorInfo instanceof WeakMap)) {
    throw new Error('the tfjs engine does not have the internals the memory measurement reads (written for @tensorflow/tfjs 4.22)');
  }
  return e;
}

/** The tape being recorded; throws outside tf.grad/variableGrads. */
export function activeTape(): TapeNode[] {
  const tape = engineInternals().state.activeTape;
  if (!tape) throw new Error('no gradient tape is being recorded');
  return tape;
}
