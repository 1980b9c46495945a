import { add, concat, linalg, matMul, mul, ones, reshape, softmax, split, sub, sum, transpose, type Tensor } from '@tensorflow/tfjs';
import { customOp } from './custom-op.js';

/** [B, T, d] → [B, H, T, d/H] and back. */
function heads(x: Tensor, h: number): Tensor {
  const [b, t, d] = x.shape as [number, number, number];
  return transpose(reshape(x, [b, t, h, d / h]), [0, 2, 1, 3]);
}
function merge(x: Tensor): Tensor {
  const [b, h, t, e] = x.shape as [number, number, number, number];
  return reshape(transpose(x, [0, 2, 1, 3]), [b, t, h * e]);
}

/** −1e9 above the diagonal: softmax gives those scores weight 0 (exp underflows). */
function causalBias(t: number): Tensor {
  return mul(sub(1, linalg.bandPart(ones([t, t]), -1, 0)), -1e9);
}

/**
 * Multi-head scaled dot-product attention from the fused projection qkv [B, T, 3d] to [B, T, d].
 * Saves qkv and the softmax output P, as eager attention does (q, k, v and P).
 */
export function selfAttention(qkv: Tensor, headCount: number, causal: boolean): Tensor {
  const d = qkv.shape[2]! / 3;
  if (!Number.isInteger(d) || d % headCount !== 0) throw new RangeError(`selfAttention: last axis ${qkv.shape[2]} must be 3·d with d divisible by ${headCount} heads`);
  const scale = 1 / Math.sqrt(d / headCount);
  const op = customOp(([x], save) => {
    const [q, k, v] = split(x!, 3, 2).map((t) => heads(t, headCount)) as [Tensor, Tensor, Tensor];
    let scores = mul(matMul(q, k, false, true), scale);
    if (causal) scores = add(scores, causalBias(x!.shape[1]!));
    const p = softmax(scores);
    save([x!, p]);
    return {
      value: merge(matMul(p, v)),
      gradFunc: (dy, [xs, ps]) => {
        const [qs, ks, vs] = split(xs!, 3, 2).map((t) => heads(t, headCount)) as [Tensor, Tensor, Tensor];
        const dout = heads(dy, headCount);
        const dv = matMul(ps!, dout, true, false);
        const dp = matMul(dout, vs, false, true);
        const ds = mul(mul(ps!, sub(dp, sum(mul(dp, ps!), -1, true))), scale);
        return [concat([merge(matMul(ds, ks)), merge(matMul(ds, qs, true, false)), merge(dv)], 2)];
      },
    };
  });
  return op(qkv);
}
