import { tensor, variable, type Variable } from '@tensorflow/tfjs';
import { SeededRandom } from './random.js';

/** Named trainable tensors, created in a fixed order from one seed. */
export class Parameters {
  readonly byName = new Map<string, Variable>();
  private readonly random: SeededRandom;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  private add(name: string, shape: number[], values: Float32Array): Variable {
    if (this.byName.has(name)) throw new Error(`parameter ${name} defined twice`);
    const initial = tensor(values, shape, 'float32');
    const v = variable(initial, true, `${name}_${Parameters.instance++}`);
    initial.dispose();
    this.byName.set(name, v);
    return v;
  }

  normal(name: string, shape: number[], std = 0.02): Variable {
    return this.add(name, shape, this.random.normals(shape.reduce((a, b) => a * b, 1), std));
  }

  constant(name: string, shape: number[], value: number): Variable {
    return this.add(name, shape, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value));
  }

  /** A vector of given values (a trainable activation's weights). */
  values(name: string, values: readonly number[]): Variable {
    return this.add(name, [values.length], Float32Array.from(values));
  }

  list(): Variable[] {
    return [...this.byName.values()];
  }

  dispose(): void {
    for (const v of this.byName.values()) v.dispose();
    this.byName.clear();
  }

  /** tfjs variable names are global; a counter keeps two models' names apart. */
  private static instance = 0;
}
