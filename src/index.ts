/** fit-inverse: the public API. */
export type { Activation, Branch, BranchId, Interval } from './functions/activation.js';
export { BRANCH_IDS } from './functions/activation.js';
export { listActivations, getActivation, activationNames, type ActivationName } from './functions/catalogue.js';
export { float32Thresholds, type Float32Thresholds } from './functions/float32-thresholds.js';
export * from './numerics/float32.js';
export { erf, erfc } from './numerics/erf.js';
export { lambertW0, lambertWm1 } from './numerics/lambert-w.js';
export { findRoot, type RootOptions } from './numerics/root.js';
export { invertedActivation, invertedGelu, invertedGeluTanh, invertedSilu, savedInputActivation, tfjsBuiltinActivation } from './tfjs/ops.js';
export { InvertedActivation, invertedActivationLayer, type InvertedActivationArgs } from './tfjs/layer.js';
export { InvertedGeluFunction, InvertedGeluTanhFunction, InvertedSiluFunction } from './tfjs/activation-functions.js';
export { swapActivations, type SwappedActivation } from './tfjs/swap.js';
export { BACKEND_NAMES, nodeBackendAvailable, shareSavedTensorsOnWasm, useBackend, type BackendName } from './tfjs/backend.js';
export { measureStep, type MeasuredStep, type StepMemory } from './verify/memory/measure.js';
