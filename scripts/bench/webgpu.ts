import { WORKGROUP_SIZE } from '../../src/codegen/wgsl-kernels.js';
import { openWebGpu, WebGpuUnavailableError, type TimingResult, type WebGpuRunner } from '../../src/verify/webgpu/runner.js';

/**
 * WebGPU for the bench: headless Chromium with SwiftShader (a CPU implementation of Vulkan), or
 * the Chromium that FIT_INVERSE_CHROMIUM names for a real GPU; timestamp queries where the
 * adapter has them.
 */
export async function openForTiming(): Promise<WebGpuRunner> {
  try {
    return await openWebGpu({ requiredFeatures: ['timestamp-query'] });
  } catch (e) {
    if (e instanceof WebGpuUnavailableError && e.stage === 'requestDevice failed') return openWebGpu();
    throw e;
  }
}

export function describeAdapter(gpu: WebGpuRunner): string {
  const a = gpu.adapter;
  const line = `adapter: ${a.description || '(no description)'} (vendor ${a.vendor || '?'}, architecture ${a.architecture || '?'})`;
  const cpu = a.architecture === 'swiftshader' || a.isFallback;
  return cpu ? `${line}\n  SwiftShader is a CPU implementation of Vulkan: these are CPU times on this machine, not GPU times. Set FIT_INVERSE_CHROMIUM for a real GPU.` : line;
}

/** Workgroups for `invocations`, spread over y past the 65535 per dimension every device allows. */
export function workgroups(invocations: number): [number, number, number] {
  const groups = Math.ceil(invocations / WORKGROUP_SIZE);
  return groups <= 65535 ? [groups, 1, 1] : [65535, Math.ceil(groups / 65535), 1];
}

/** Seconds per dispatch by candidate name: timestamps when every sample has a usable one, else wall time. */
export function perDispatch(names: readonly string[], r: TimingResult): { seconds: Record<string, number[]>; method: string } {
  const stamped = r.timestampSeconds !== null && r.timestampSeconds.every((c) => c.every((t) => t > 0));
  const chosen = stamped ? r.timestampSeconds! : r.wallSeconds;
  return {
    seconds: Object.fromEntries(names.map((k, i) => [k, chosen[i]!])),
    method: `${r.dispatchesPerSample} dispatch${r.dispatchesPerSample === 1 ? '' : 'es'} per sample, timed by ${stamped ? 'timestamp queries' : 'wall time around submit + onSubmittedWorkDone'}`,
  };
}

/** Per sample, the summed time of candidates `a` over that of `b`. */
export function sampleRatios(s: Record<string, number[]>, a: readonly string[], b: readonly string[]): number[] {
  const sum = (names: readonly string[], i: number) => names.reduce((t, k) => t + s[k]![i]!, 0);
  return s[a[0]!]!.map((_, i) => sum(a, i) / sum(b, i));
}
