/** fit-inverse: the public API. */
export type { Activation, Branch, BranchId, Interval } from './functions/activation.js';
export { BRANCH_IDS } from './functions/activation.js';
export { listActivations, getActivation, activationNames, type ActivationName } from './functions/catalogue.js';
export { float32Thresholds, type Float32Thresholds } from './functions/float32-thresholds.js';
export * from './numerics/float32.js';
export { HALF_DTYPES, halfBits, halfCeil, halfFloor, halfToNumber, halfValuesIn, roundToHalf, type HalfDtype } from './numerics/half.js';
export { erf, erfc } from './numerics/erf.js';
export { lambertW0, lambertWm1 } from './numerics/lambert-w.js';
export { findRoot, type RootOptions } from './numerics/root.js';
export { listFamilies, getFamily, familyNames } from './functions/families/catalogue.js';
export type { ParametricFamily, FamilyInstance, Piece, CriticalPoint, ParameterSpec, Parameters } from './functions/families/family.js';
export { xieluFromRaw, inverseSoftplus, softplus } from './functions/families/xielu.js';
export { familyKernels, forwardBatch, backwardBatch, packCodes, unpackCodes, type FamilyKernels } from './families/batch.js';
