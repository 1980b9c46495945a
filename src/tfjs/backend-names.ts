/** The tfjs backends fit-inverse can select; apart from backend.ts so the CLI can list them without loading tfjs. */
export type BackendName = 'cpu' | 'wasm' | 'tensorflow';
export const BACKEND_NAMES: readonly BackendName[] = ['cpu', 'wasm', 'tensorflow'];
