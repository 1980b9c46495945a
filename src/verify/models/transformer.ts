import type { Tensor } from '@tensorflow/tfjs';
import type { ActivationOp } from './activation-op.js';
import { addSavingNothing } from './add.js';
import { selfAttention } from './attention.js';
import { embedding } from './embedding.js';
import { layerNorm } from './layer-norm.js';
import { linear } from './linear.js';
import { Parameters } from './parameters.js';

export interface TransformerConfig {
  readonly layers: number;
  readonly dModel: number;
  readonly heads: number;
  /** Hidden width of the MLP: 4·dModel in GPT-2 and BERT. */
  readonly dFf: number;
  readonly seqLen: number;
  readonly vocab: number;
  /** GPT: causal attention, LayerNorm before each block, a final LayerNorm and an LM head. BERT: bidirectional, LayerNorm after each residual, no head. */
  readonly style: 'gpt' | 'bert';
}

/**
 * A decoder (GPT-2 layout) or an encoder (BERT layout) built from ops that save what their
 * backward needs: linear, LayerNorm, attention (q, k, v and P), residual adds that save nothing.
 */
export class Transformer {
  readonly params: Parameters;

  constructor(
    readonly config: TransformerConfig,
    seed: number,
  ) {
    validate(config);
    const { dModel: d, dFf, vocab, seqLen } = config;
    const p = new Parameters(seed);
    p.normal('wte', [vocab, d]);
    p.normal('wpe', [seqLen, d]);
    if (config.style === 'bert') this.layerNormParams(p, 'ln_emb');
    for (let l = 0; l < config.layers; l++) {
      this.layerNormParams(p, `h${l}.ln1`);
      p.normal(`h${l}.attn.wqkv`, [d, 3 * d]);
      p.constant(`h${l}.attn.bqkv`, [3 * d], 0);
      p.normal(`h${l}.attn.wo`, [d, d]);
      p.constant(`h${l}.attn.bo`, [d], 0);
      this.layerNormParams(p, `h${l}.ln2`);
      p.normal(`h${l}.mlp.w1`, [d, dFf]);
      p.constant(`h${l}.mlp.b1`, [dFf], 0);
      p.normal(`h${l}.mlp.w2`, [dFf, d]);
      p.constant(`h${l}.mlp.b2`, [d], 0);
    }
    if (config.style === 'gpt') {
      this.layerNormParams(p, 'ln_f');
      p.normal('head', [d, vocab]);
    }
    this.params = p;
  }

  private layerNormParams(p: Parameters, name: string): void {
    p.constant(`${name}.g`, [this.config.dModel], 1);
    p.constant(`${name}.b`, [this.config.dModel], 0);
  }

  private w(name: string): Tensor {
    const v = this.params.byName.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  private norm(x: Tensor, name: string): Tensor {
    return layerNorm(x, this.w(`${name}.g`), this.w(`${name}.b`));
  }

  private attention(x: Tensor, l: number): Tensor {
    const qkv = linear(x, this.w(`h${l}.attn.wqkv`), this.w(`h${l}.attn.bqkv`));
    return linear(selfAttention(qkv, this.config.heads, this.config.style === 'gpt'), this.w(`h${l}.attn.wo`), this.w(`h${l}.attn.bo`));
  }

  private mlp(x: Tensor, l: number, act: ActivationOp): Tensor {
    const u = linear(x, this.w(`h${l}.mlp.w1`), this.w(`h${l}.mlp.b1`));
    return linear(act(u, l), this.w(`h${l}.mlp.w2`), this.w(`h${l}.mlp.b2`));
  }

  /** int32 token ids [B, T] → logits [B, T, vocab] (gpt) or hidden states [B, T, d] (bert). */
  forward(ids: Tensor, act: ActivationOp): Tensor {
    if (ids.dtype !== 'int32' || ids.shape.length !== 2 || ids.shape[1] !== this.config.seqLen) {
      throw new RangeError(`Transformer: ids must be int32 [batch, ${this.config.seqLen}], got ${ids.dtype} [${ids.shape.join(', ')}]`);
    }
    let x = addSavingNothing(embedding(this.w('wte'), ids), this.w('wpe'));
    if (this.config.style === 'bert') x = this.norm(x, 'ln_emb');
    for (let l = 0; l < this.config.layers; l++) {
      if (this.config.style === 'gpt') {
        x = addSavingNothing(x, this.attention(this.norm(x, `h${l}.ln1`), l));
        x = addSavingNothing(x, this.mlp(this.norm(x, `h${l}.ln2`), l, act));
      } else {
        x = this.norm(addSavingNothing(x, this.attention(x, l)), `h${l}.ln1`);
        x = this.norm(addSavingNothing(x, this.mlp(x, l, act)), `h${l}.ln2`);
      }
    }
    if (this.config.style === 'bert') return x;
    return linear(this.norm(x, 'ln_f'), this.w('head'));
  }
}

function validate(c: TransformerConfig): void {
  for (const key of ['layers', 'dModel', 'heads', 'dFf', 'seqLen', 'vocab'] as const) {
    const v = c[key];
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`Transformer: ${key} must be a positive integer, got ${v}`);
  }
  if (c.dModel % c.heads !== 0) throw new RangeError(`Transformer: dModel ${c.dModel} must be divisible by heads ${c.heads}`);
  if (c.style !== 'gpt' && c.style !== 'bert') throw new RangeError(`Transformer: style must be 'gpt' or 'bert', got ${JSON.stringify(c.style)}`);
}
