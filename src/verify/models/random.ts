/**
 * A seeded generator (mulberry32) so that initial weights and data order are the same on every
 * backend and in every run: tfjs's own random ops differ by backend.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`SeededRandom: seed must be an integer, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** n normal deviates with standard deviation `std` (Box–Muller). */
  normals(n: number, std: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - this.next()));
      const t = 2 * Math.PI * this.next();
      out[i] = std * r * Math.cos(t);
      if (i + 1 < n) out[i + 1] = std * r * Math.sin(t);
    }
    return out;
  }
}
