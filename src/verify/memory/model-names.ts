/** The models `fit-inverse memory` builds; apart from models.ts so the CLI can list them without loading tfjs. */
export type MemoryModelName = 'mlp' | 'gpt' | 'bert';
export const MEMORY_MODEL_NAMES: readonly MemoryModelName[] = ['mlp', 'gpt', 'bert'];
