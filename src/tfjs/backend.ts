import { createRequire } from 'node:module';
import { getBackend, getKernel, ready, registerKernel, setBackend, unregisterKernel, type KernelBackend, type KernelConfig, type NamedTensorInfoMap } from '@tensorflow/tfjs';

import { BACKEND_NAMES } from './backend-names.js';

export { BACKEND_NAMES, type BackendName } from './backend-names.js';

const NODE_PACKAGE = '@tensorflow/tfjs-node';

/**
 * Whether tfjs-node is installed here, and if so load it. It is an optional peer (its install
 * script downloads libtensorflow), so its absence is an answer, not an error; a package that is
 * there but fails to load is reported.
 */
export async function nodeBackendAvailable(): Promise<boolean> {
  try {
    createRequire(import.meta.url).resolve(NODE_PACKAGE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return false;
    throw e;
  }
  await import(NODE_PACKAGE);
  return true;
}

/** Load (if needed) and select a backend; a RangeError names what is allowed or missing. */
export async function useBackend(name: unknown): Promise<void> {
  if (typeof name !== 'string' || !(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(`unknown backend ${JSON.stringify(name)}; allowed: ${BACKEND_NAMES.join(', ')}`);
  }
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (name === 'tensorflow' && !(await nodeBackendAvailable())) {
    throw new RangeError(`backend 'tensorflow' needs ${NODE_PACKAGE}, which is not installed; use cpu or wasm`);
  }
  if (!(await setBackend(name))) throw new Error(`backend '${name}' failed to initialise`);
  await ready();
  if (getBackend() !== name) throw new Error(`backend '${name}' was requested but '${getBackend()}' is active`);
}

interface RefCounting {
  incRef(dataId: object): void;
}

/**
 * The tape saves every tensor through the Identity kernel (engine.clone). On cpu Identity shares
 * the buffer (incRef); tfjs-backend-wasm 4.22 copies it, so a saved y is a second buffer beside
 * the next matmul's saved y and the inverted activation saves nothing there. This replaces wasm's
 * Identity with the cpu behaviour (wasm already shares buffers that way for Reshape; tfjs tensors
 * are immutable) until the returned function restores the original kernel.
 */
export function shareSavedTensorsOnWasm(): () => void {
  const original = getKernel('Identity', 'wasm');
  if (!original) throw new Error("shareSavedTensorsOnWasm: the wasm backend's Identity kernel is not registered (import '@tensorflow/tfjs-backend-wasm' first)");
  const sharing: KernelConfig = {
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = (args.inputs as NamedTensorInfoMap)['x']!;
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as KernelBackend & RefCounting).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
  unregisterKernel('Identity', 'wasm');
  registerKernel(sharing);
  return () => {
    unregisterKernel('Identity', 'wasm');
    registerKernel(original);
  };
}

