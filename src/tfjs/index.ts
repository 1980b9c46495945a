/** fit-inverse/tfjs: inverted activations for TensorFlow.js (a subpath, so the core API loads without tfjs). */
export { invertedActivation, invertedGelu, invertedGeluTanh, invertedSilu, savedInputActivation, tfjsBuiltinActivation } from './ops.js';
export { InvertedActivation, invertedActivationLayer, type InvertedActivationArgs } from './layer.js';
export { InvertedGeluFunction, InvertedGeluTanhFunction, InvertedSiluFunction } from './activation-functions.js';
export { swapActivations, type SwappedActivation } from './swap.js';
export { BACKEND_NAMES, nodeBackendAvailable, shareSavedTensorsOnWasm, useBackend, type BackendName } from './backend.js';
export { measureStep, type MeasuredStep, type StepMemory } from '../verify/memory/measure.js';
export { trainableActivation, savedInputFamilyActivation, tfjsFamilyActivation } from './family-ops.js';
export { TrainableActivation, trainableActivationLayer, type TrainableActivationArgs } from './family-layer.js';
export { TRAINABLE_FAMILY_NAMES, trainedParameterisation, type TrainedParameterisation } from './family-parameters.js';
