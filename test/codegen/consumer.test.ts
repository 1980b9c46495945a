import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebGpu, type WebGpuRunner } from '../../src/verify/webgpu/runner.js';
import { cli } from '../helpers/cli.js';

/** A package of someone else's, in a temporary folder, taking our generated code with --prefix my_. */
describe('generated code in a consumer package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fit-inverse-consumer-'));
  let gpu: WebGpuRunner;
  beforeAll(async () => {
    const r = cli('generate', '--out', join(dir, 'vendor'), '--prefix', 'my_');
    expect(r.code, r.stderr).toBe(0);
    gpu = await openWebGpu();
  }, 120_000);
  afterAll(async () => {
    await gpu?.close();
  });

  it('type-checks with tsc --noEmit (strict) in the consumer', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', noUncheckedIndexedAccess: true }, include: ['*.ts', 'vendor/ts/*.ts'] }),
    );
    writeFileSync(
      join(dir, 'main.ts'),
      "import { geluGradFromOutput, packBranchBits, geluXMin } from './vendor/ts/index.js';\nconst bits: Uint32Array = packBranchBits(new Float32Array([-1, 1]), geluXMin);\nexport const g: number = geluGradFromOutput(0.5, bits[0]! & 1);\n",
    );
    const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
    expect(() => execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })).not.toThrow();
  });

  it('links the WGSL functions into a shader that has its own fi_gelu_grad_from_output', async () => {
    const ours = readFileSync(join(dir, 'vendor/wgsl/gelu.wgsl'), 'utf8');
    expect(ours).not.toMatch(/\bfi_/);
    const shader = `${ours}
// The consumer's own function of the same default name: no clash thanks to --prefix my_.
fn fi_gelu_grad_from_output(y: f32, branch: u32) -> f32 { return 42.0f; }
struct Params { n: u32, }
@group(0) @binding(0) var<storage, read> ys: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= params.n) { return; }
  out[i] = my_gelu_grad_from_output(ys[i], 0u) + fi_gelu_grad_from_output(ys[i], 0u) - 42.0f;
}`;
    const { geluGradFromOutput } = await import('../../generated/ts/index.js');
    const ys = Float32Array.from([0, 0.5, 1, 2]);
    const [out] = await gpu.dispatch({ shader, inputs: [{ binding: 0, data: ys }], outputs: [{ binding: 1, type: 'f32', length: 4 }], uniforms: [{ binding: 2, data: Uint32Array.from([4]) }], workgroups: 1 });
    for (let i = 0; i < 4; i++) expect(Math.abs(out![i]! - geluGradFromOutput(ys[i]!, 0))).toBeLessThanOrEqual(2 ** -20);
  });
});
