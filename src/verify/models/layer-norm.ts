import { add, mean, mul, rsqrt, sub, sum } from '@tensorflow/tfjs';
import { customOp } from './custom-op.js';

const EPS = 1e-5;

/** LayerNorm over the last axis. Saves x̂, 1/σ and γ (as a fused LayerNorm saves x, μ, 1/σ, γ). */
export const layerNorm = customOp(([x, gamma, beta], save) => {
  const mu = mean(x!, -1, true);
  const xc = sub(x!, mu);
  const rstd = rsqrt(add(mean(mul(xc, xc), -1, true), EPS));
  const xhat = mul(xc, rstd);
  save([xhat, rstd, gamma!]);
  const rows = Array.from({ length: x!.shape.length - 1 }, (_, i) => i);
  return {
    value: add(mul(xhat, gamma!), beta!),
    gradFunc: (dy, [xh, rs, g]) => {
      const dxhat = mul(dy, g!);
      const dx = mul(rs!, sub(sub(dxhat, mean(dxhat, -1, true)), mul(xh!, mean(mul(dxhat, xh!), -1, true))));
      return [dx, sum(mul(dy, xh!), rows), sum(dy, rows)];
    },
  };
});
