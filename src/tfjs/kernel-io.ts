import type { DataType, KernelBackend, TensorInfo } from '@tensorflow/tfjs';

export type ElementArray = Float32Array | Int32Array;
export interface OutputSpec {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
}
/** Reads the inputs' values, fills the outputs' values. */
export type Compute = (inputs: ElementArray[], outputs: ElementArray[]) => void;

/** The wasm backend's own allocation API (BackendWasm), which the kernels use to skip copies. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): ElementArray;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Any backend through the KernelBackend interface: readSync and write. On cpu both hand over the
 * typed array itself (no copy); tfjs-node copies into and out of its tensors.
 */
function runThroughReadWrite(backend: KernelBackend, inputs: readonly TensorInfo[], outputs: readonly OutputSpec[], compute: Compute): TensorInfo[] {
  const ins = inputs.map((t) => backend.readSync(t.dataId) as ElementArray);
  const outs = outputs.map((o) => (o.dtype === 'float32' ? new Float32Array(size(o.shape)) : new Int32Array(size(o.shape))));
  compute(ins, outs);
  return outputs.map((o, i) => ({ dataId: backend.write(outs[i]!, [...o.shape], o.dtype), shape: [...o.shape], dtype: o.dtype }));
}

/**
 * wasm: allocate every output on the heap first (an allocation may grow the heap and detach
 * earlier views), then compute on views of the heap, so nothing is copied.
 */
function runOnWasmHeap(backend: KernelBackend, inputs: readonly TensorInfo[], outputs: readonly OutputSpec[], compute: Compute): TensorInfo[] {
  const heap = backend as unknown as WasmHeapBackend;
  const infos = outputs.map((o) => heap.makeOutput([...o.shape], o.dtype));
  compute(
    inputs.map((t) => heap.typedArrayFromHeap(t)),
    infos.map((t) => heap.typedArrayFromHeap(t)),
  );
  return infos;
}

/** How a kernel of ours reaches tensor memory on the backend called `backendName`. */
export function elementwiseRunner(backendName: string): (backend: KernelBackend, inputs: readonly TensorInfo[], outputs: readonly OutputSpec[], compute: Compute) => TensorInfo[] {
  return backendName === 'wasm' ? runOnWasmHeap : runThroughReadWrite;
}
