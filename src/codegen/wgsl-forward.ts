/**
 * The forward activations in WGSL (float32), for the forward kernels. They are not fits: they
 * are the standard formulas, arranged so the left tail keeps its relative accuracy (DESIGN §6:
 * 0.5x(1 + erf(x/√2)) returns 0 below x = −5.54; the erfc form does not).
 */

/**
 * e^(a + b), a the large part, by Cody–Waite reduction: a = k·ln2 + r with ln2 = hi + lo (hi has
 * 12 significant bits, so k·hi is exact), e^(r + b)·2^k. WGSL allows exp(a) an error of 3 + 2|a|
 * ulps, over 100 ulps in the tails; on |r| ≤ ln2/2 it allows 4. lo is kept out of constant
 * folding (a compiler that rewrites (a − k·hi) − k·lo as a − k·(hi + lo) loses it).
 */
export function expSplit(prefix: string): string[] {
  return [
    '// e^(a + b) with Cody–Waite range reduction (a the large, exactly known part; b small).',
    `fn ${prefix}exp_split(a: f32, b: f32) -> f32 {`,
    '  let k = round(a * 0x1.715476p+0f);',
    '  let lo = select(0x1.0bfbe8p-15f, 0.0f, bitcast<u32>(a) == 0x7fc00001u);',
    '  let r = ((a - k * 0x1.62ep-1f) - k * lo) + b;',
    '  return ldexp(exp(r), i32(clamp(k, -300.0f, 300.0f)));',
    '}',
  ];
}

/** σ(t) without overflow or cancellation: e^t/(1 + e^t) for t < 0. */
export function sigmoid(prefix: string): string[] {
  return [
    ...expSplit(prefix),
    '',
    '// σ(t) = 1/(1 + e^−t), as e^t/(1 + e^t) for t < 0 so neither side overflows or cancels.',
    `fn ${prefix}sigmoid(t: f32) -> f32 {`,
    `  let e = ${prefix}exp_split(-abs(t), 0.0f);`,
    '  return select(e / (1.0f + e), 1.0f / (1.0f + e), t >= 0.0f);',
    '}',
  ];
}

const FORWARD: Record<string, (prefix: string) => string[]> = {
  silu: (p) => [...sigmoid(p), '', '// SiLU: x·σ(x).', `fn ${p}silu(x: f32) -> f32 {`, `  return x * ${p}sigmoid(x);`, '}'],
  gelu_tanh: (p) => [
    ...sigmoid(p),
    '',
    '// GELU, tanh form: 0.5x(1 + tanh(u)) = x·σ(2u), u = √(2/π)(x + 0.044715x³): no cancellation for x < 0.',
    `fn ${p}gelu_tanh(x: f32) -> f32 {`,
    '  let t = x * (0x1.988454p+0f + 0x1.2444f2p-4f * x * x);',
    `  return x * ${p}sigmoid(t);`,
    '}',
  ],
  gelu: (p) => [
    ...expSplit(p),
    '',
    '// GELU: x·Φ(x) = 0.5·x·erfc(−x/√2), with erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2)',
    '// (Press et al., Numerical Recipes, erfcc: fractional error below 1.2e-7 for z ≥ 0). z² = x²/2',
    '// comes from an exact split of x (x_hi has 12 significant bits, so x_hi² is exact), so the',
    '// left tail keeps its relative accuracy down to the float32 underflow.',
    `fn ${p}gelu(x: f32) -> f32 {`,
    '  let z = abs(x) * 0x1.6a09e6p-1f;',
    '  let t = 1.0f / (1.0f + 0.5f * z);',
    '  let poly = -1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f + t * (-0.18628806f',
    '    + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f + t * (-0.82215223f + t * 0.17087277f))))))));',
    '  let xh = bitcast<f32>(bitcast<u32>(x) & 0xfffff000u);',
    '  let xl = x - xh;',
    `  let ec = t * ${p}exp_split(-0.5f * (xh * xh), poly - 0.5f * (xl * (x + xh)));`,
    '  return select(x - 0.5f * x * ec, 0.5f * x * ec, x < 0.0f);',
    '}',
  ],
};

export function wgslForward(activation: string, prefix: string): string[] {
  const emit = FORWARD[activation];
  if (!emit) throw new RangeError(`no WGSL forward formula for ${activation}; known: ${Object.keys(FORWARD).join(', ')}`);
  return emit(prefix);
}
