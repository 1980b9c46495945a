/**
 * Runs WGSL compute shaders on a real WebGPU implementation from Node, so generated kernels are
 * checked by the same compiler and float semantics a browser would use: headless Chromium via
 * playwright-core, with the @sparticuz/chromium build (SwiftShader Vulkan) unless another executable
 * is named (for a real GPU).
 */
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type Download, type JSHandle, type Page } from 'playwright-core';
import {
  PAGE_GLOBAL,
  PAGE_SCRIPT,
  type PageApi,
  type PageDispatchRequest,
  type PageDispatchResult,
  type PageInitRequest,
  type PageInitResult,
  type PagePayload,
  type PageTimeRequest,
} from './page.js';

/** Read-only storage input (`var<storage, read>`). */
export interface BufferSpec {
  readonly binding: number;
  readonly data: Float32Array | Uint32Array;
}
/** Read-write storage output (`var<storage, read_write>`), zero-initialised; `length` in elements. */
export interface OutputSpec {
  readonly binding: number;
  readonly type: 'f32' | 'u32';
  readonly length: number;
}
/** Uniform buffer (`var<uniform>`); padded to a multiple of 16 bytes as WGSL requires. */
export interface UniformSpec {
  readonly binding: number;
  readonly data: Uint32Array | Float32Array;
}
/** One compute dispatch; every binding lives in `@group(0)`. */
export interface DispatchSpec {
  /** Complete WGSL module. */
  readonly shader: string;
  /** Defaults to "main". */
  readonly entryPoint?: string;
  readonly inputs: readonly BufferSpec[];
  readonly outputs: readonly OutputSpec[];
  readonly uniforms?: readonly UniformSpec[];
  /** Workgroup counts; a number means `[n, 1, 1]`. */
  readonly workgroups: number | readonly [number, number, number];
}

/** Output of `map`: length is derived from the chunk (see `WebGpuRunner.map`). */
export type MapOutputSpec = Omit<OutputSpec, 'length'> & {
  /** One bit per element, ceil(len/32) u32 words per chunk (word i>>5, bit i&31); needs u32. */
  readonly packedBits?: boolean;
  /** Output elements per input element (default 1); ignored for packed bits. */
  readonly perElement?: number;
};

export interface MapSpec {
  readonly shader: string;
  readonly entryPoint?: string;
  readonly inputs: readonly BufferSpec[];
  readonly outputs: readonly MapOutputSpec[];
  /** Binding of the u32 uniform holding the chunk's element count, for the shader's bounds check. */
  readonly countBinding: number;
  /** Elements per dispatch (default 1<<20); a multiple of 32 when any output is packed bits. */
  readonly chunk?: number;
  /** Must equal the shader's `@workgroup_size` x (default 64). */
  readonly workgroupSize?: number;
}

export interface TimingSpec {
  /** The dispatches to compare; outputs only size their buffers. */
  readonly candidates: readonly DispatchSpec[];
  /** Timed samples per candidate, after a warm-up; candidates alternate, in reversed order every other round. */
  readonly samples: number;
  /** Each sample repeats the dispatch until the fastest candidate takes this long (default 0.05 s). */
  readonly minSampleSeconds?: number;
  /** At most this many dispatches per sample (default 1000). */
  readonly maxDispatchesPerSample?: number;
}

/** Seconds per dispatch, per candidate (in the order given) and per sample. */
export interface TimingResult {
  readonly dispatchesPerSample: number;
  /** performance.now() in the page around submit and onSubmittedWorkDone. */
  readonly wallSeconds: number[][];
  /** The compute pass's timestamps; null unless the runner was opened with 'timestamp-query'. */
  readonly timestampSeconds: number[][] | null;
}

export interface WebGpuRunner {
  readonly adapter: {
    readonly description: string;
    readonly vendor: string;
    readonly architecture: string;
    readonly features: readonly string[];
    readonly isFallback: boolean;
  };
  /** One dispatch; returns the outputs in the order given. */
  dispatch(spec: DispatchSpec): Promise<(Float32Array | Uint32Array)[]>;
  /**
   * Elementwise convenience: dispatches `shader` over chunks of the inputs (all of length n) with
   * ceil(len/workgroupSize) workgroups, split over y when above the per-dimension limit, so the
   * shader's element index is `gid.x + gid.y * num_workgroups.x * workgroupSize`, to be checked
   * against the count uniform. Chunk outputs are concatenated.
   */
  map(spec: MapSpec): Promise<(Float32Array | Uint32Array)[]>;
  /**
   * Times dispatches against each other on the device, for benchmarks: inputs are uploaded once,
   * outputs stay on the device (they are never read back).
   */
  time(spec: TimingSpec): Promise<TimingResult>;
  /** Closes the browser (kills its process); idempotent. */
  close(): Promise<void>;
}

/** WebGPU could not be brought up; the message names the executable, the flags and the failing stage. */
export class WebGpuUnavailableError extends Error {
  readonly executablePath: string;
  readonly args: readonly string[];
  readonly stage: string;
  constructor(stage: string, detail: string, executablePath: string, args: readonly string[], options?: { cause?: unknown }) {
    super(
      `WebGPU unavailable (${stage}): ${detail}\n  executable: ${executablePath}\n  flags: ${args.join(' ')}`,
      options,
    );
    this.name = 'WebGpuUnavailableError';
    this.stage = stage;
    this.executablePath = executablePath;
    this.args = args;
  }
}

/** This machine has no network: keep Chromium from trying to reach it. */
const OFFLINE_FLAGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * WebGPU is still behind a flag on Linux; developer features make adapter.info report a
 * description (e.g. "SwiftShader Device (Subzero)") rather than an empty string.
 */
const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-webgpu-developer-features'];

/**
 * For a non-sparticuz Chromium on a real GPU: Dawn needs Vulkan on Linux, and headless has no
 * surface (Chrome's recipe for headless WebGPU on Linux GPUs).
 */
const REAL_GPU_FLAGS = ['--enable-features=Vulkan', '--use-angle=vulkan', '--disable-vulkan-surface', '--ignore-gpu-blocklist'];

/**
 * A secure context is needed for navigator.gpu, and the initial about:blank here has an opaque,
 * insecure origin; this https URL is answered by page.route in-process (no server, no network).
 */
const PAGE_URL = 'https://fit-inverse-webgpu.invalid/';

const PAGE_HTML = '<!doctype html><html><head><meta charset="utf-8"><title>webgpu</title></head><body></body></html>';

const LAUNCH_TIMEOUT_MS = 60_000;

interface DeviceLimits {
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
}

/**
 * Launch Chromium and get a WebGPU adapter and device; throws WebGpuUnavailableError (naming the
 * executable, the flags and the failing stage) if it cannot.
 */
export async function openWebGpu(options?: {
  executablePath?: string;
  requiredFeatures?: readonly string[];
}): Promise<WebGpuRunner> {
  const external = options?.executablePath ?? (process.env['FIT_INVERSE_CHROMIUM'] || undefined);
  const args = external
    ? [...WEBGPU_FLAGS, ...REAL_GPU_FLAGS, ...OFFLINE_FLAGS]
    : [...sparticuz.args, ...WEBGPU_FLAGS, ...OFFLINE_FLAGS];
  let executablePath = external ?? '@sparticuz/chromium';
  const fail = (stage: string, detail: string, cause?: unknown): WebGpuUnavailableError =>
    new WebGpuUnavailableError(stage, detail, executablePath, args, cause === undefined ? undefined : { cause });

  let browser: Browser;
  try {
    if (!external) executablePath = await sparticuz.executablePath();
    // Checked here because Playwright leaves its temp profile dirs behind when the path is bad.
    await access(executablePath, fsConstants.X_OK).catch((e: unknown) => {
      throw new Error(`executable not found or not executable: ${errorText(e)}`);
    });
    browser = await chromium.launch({ executablePath, args, headless: true, timeout: LAUNCH_TIMEOUT_MS });
  } catch (e) {
    throw fail('launch', errorText(e), e);
  }

  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(tmpdir(), 'fit-inverse-webgpu-'));
    const page = await browser.newPage({ acceptDownloads: true });
    await page.route(PAGE_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: PAGE_HTML }));
    await page.goto(PAGE_URL);
    await page.evaluate(PAGE_SCRIPT);
    const request: PageInitRequest = { requiredFeatures: [...(options?.requiredFeatures ?? [])] };
    const init = await page.evaluate(([name, req]) => (globalThis as unknown as PageGlobals)[name]!.init(req), [PAGE_GLOBAL, request] as const);
    if (!init.ok) throw fail(init.stage, init.detail);
    return new Runner(browser, page, dir, init);
  } catch (e) {
    await browser.close().catch(() => undefined);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    if (e instanceof WebGpuUnavailableError) throw e;
    throw fail('page setup', errorText(e), e);
  }
}

/** How page functions find the installed API (they are serialised, so they cannot call helpers here). */
type PageGlobals = Record<string, PageApi>;

/** Below these sizes inline base64 through CDP beats the fixed cost of a file round trip. */
const FILE_INPUT_MIN_BYTES = 128 * 1024;
const DOWNLOAD_MIN_BYTES = 256 * 1024;
/**
 * How long to wait for an output download once the page has started it (they arrive in ~10 ms);
 * after that the bytes are fetched as base64 instead, and downloads are not used again.
 */
const DOWNLOAD_FALLBACK_MS = 5_000;

interface DownloadWaiter {
  readonly promise: Promise<Download>;
  resolve(d: Download): void;
  reject(e: Error): void;
}

class Runner implements WebGpuRunner {
  readonly adapter: WebGpuRunner['adapter'];
  private readonly limits: DeviceLimits;
  private closed = false;
  private exited = false;
  private seq = 0;
  private readonly waiters = new Map<string, DownloadWaiter>();
  /** Downloads already read, whose blobs the page may release (sent with the next dispatch). */
  private release: string[] = [];
  private downloadsWork = true;

  constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly dir: string,
    init: Extract<PageInitResult, { ok: true }>,
  ) {
    this.adapter = Object.freeze({ ...init.adapter, features: Object.freeze([...init.adapter.features]) });
    this.limits = init.limits;
    page.on('download', (d) => {
      const w = this.waiters.get(d.suggestedFilename());
      if (w) w.resolve(d);
      else void d.delete().catch(() => undefined);
    });
    browser.on('disconnected', () => {
      this.exited = true;
      for (const w of this.waiters.values()) w.reject(new Error('WebGpuRunner: the browser exited'));
    });
  }

  async dispatch(spec: DispatchSpec): Promise<(Float32Array | Uint32Array)[]> {
    if (this.closed) throw new Error('WebGpuRunner is closed');
    if (this.exited) throw new Error('WebGpuRunner: the browser has exited');
    const workgroups = normaliseWorkgroups(spec.workgroups);
    for (const o of spec.outputs) {
      if (!Number.isSafeInteger(o.length) || o.length < 0) throw new RangeError(`output ${o.binding}: bad length ${o.length}`);
    }
    const id = ++this.seq;
    const transport = this.transport([...spec.inputs, ...(spec.uniforms ?? [])]);
    const payload = (b: BufferSpec | UniformSpec): PagePayload => transport.payloads.get(b)!;
    const outBytes = spec.outputs.reduce((n, o) => n + o.length * 4, 0);
    const download = this.downloadsWork && outBytes >= DOWNLOAD_MIN_BYTES ? `fit-inverse-webgpu-${process.pid}-${id}.bin` : null;
    const request: PageDispatchRequest = {
      shader: spec.shader,
      entryPoint: spec.entryPoint ?? 'main',
      inputs: spec.inputs.map(payload),
      uniforms: (spec.uniforms ?? []).map(payload),
      outputs: spec.outputs.map((o) => ({ binding: o.binding, byteLength: o.length * 4 })),
      download,
      release: this.release.splice(0),
      workgroups,
    };

    let fileInput: JSHandle | undefined;
    try {
      fileInput = await transport.send(id);
      const waiter = download === null ? undefined : this.expectDownload(download);
      let result: PageDispatchResult;
      try {
        result = await this.page.evaluate(
          ([name, req, input]) => (globalThis as unknown as PageGlobals)[name]!.dispatch(req, input),
          [PAGE_GLOBAL, request, fileInput ?? null] as const,
        );
      } catch (e) {
        if (download !== null) this.waiters.delete(download);
        throw new Error(pageErrorText(e), { cause: e });
      }
      let bytes: Buffer[];
      if ('inline' in result) {
        bytes = result.inline.map((b64) => Buffer.from(b64, 'base64'));
      } else {
        bytes = splitBytes(await this.readDownload(result.download, waiter!), spec.outputs);
      }
      return spec.outputs.map((o, k) => typedFrom(bytes[k]!, o.type, o.length));
    } finally {
      await transport.cleanUp(fileInput);
    }
  }

  async time(spec: TimingSpec): Promise<TimingResult> {
    if (this.closed) throw new Error('WebGpuRunner is closed');
    if (this.exited) throw new Error('WebGpuRunner: the browser has exited');
    if (spec.candidates.length === 0) throw new RangeError('time: needs at least one candidate');
    if (!Number.isSafeInteger(spec.samples) || spec.samples < 1) throw new RangeError(`time: samples must be a positive integer, got ${spec.samples}`);
    const minSampleSeconds = spec.minSampleSeconds ?? 0.05;
    const maxDispatchesPerSample = spec.maxDispatchesPerSample ?? 1000;
    if (!(minSampleSeconds >= 0)) throw new RangeError(`time: minSampleSeconds must be ≥ 0, got ${minSampleSeconds}`);
    if (!Number.isSafeInteger(maxDispatchesPerSample) || maxDispatchesPerSample < 1) {
      throw new RangeError(`time: maxDispatchesPerSample must be a positive integer, got ${maxDispatchesPerSample}`);
    }
    const transport = this.transport(spec.candidates.flatMap((c) => [...c.inputs, ...(c.uniforms ?? [])]));
    const payload = (b: BufferSpec | UniformSpec): PagePayload => transport.payloads.get(b)!;
    const request: PageTimeRequest = {
      candidates: spec.candidates.map((c) => ({
        shader: c.shader,
        entryPoint: c.entryPoint ?? 'main',
        inputs: c.inputs.map(payload),
        uniforms: (c.uniforms ?? []).map(payload),
        outputs: c.outputs.map((o) => {
          if (!Number.isSafeInteger(o.length) || o.length < 0) throw new RangeError(`output ${o.binding}: bad length ${o.length}`);
          return { binding: o.binding, byteLength: o.length * 4 };
        }),
        workgroups: normaliseWorkgroups(c.workgroups),
      })),
      samples: spec.samples,
      minSampleSeconds,
      maxDispatchesPerSample,
    };
    let fileInput: JSHandle | undefined;
    try {
      fileInput = await transport.send(++this.seq);
      try {
        return await this.page.evaluate(
          ([name, req, input]) => (globalThis as unknown as PageGlobals)[name]!.time(req, input),
          [PAGE_GLOBAL, request, fileInput ?? null] as const,
        );
      } catch (e) {
        throw new Error(pageErrorText(e), { cause: e });
      }
    } finally {
      await transport.cleanUp(fileInput);
    }
  }

  /**
   * How a request's input bytes reach the page: inline base64 when small; otherwise one file,
   * attached to a file input, that Chromium reads itself (far faster than pushing base64
   * through CDP: ~50 vs ~700 ms for 4 MB).
   */
  private transport(sent: readonly (BufferSpec | UniformSpec)[]): {
    payloads: Map<BufferSpec | UniformSpec, PagePayload>;
    send(id: number): Promise<JSHandle | undefined>;
    cleanUp(fileInput: JSHandle | undefined): Promise<void>;
  } {
    // An array sent for several bindings (or candidates) travels once.
    const arrays = [...new Set(sent.map((b) => b.data))];
    const useFile = arrays.reduce((n, a) => n + a.byteLength, 0) >= FILE_INPUT_MIN_BYTES;
    const offsets = new Map<Float32Array | Uint32Array, number>();
    let fileOffset = 0;
    for (const a of arrays) {
      offsets.set(a, fileOffset);
      fileOffset += a.byteLength;
    }
    const payloads = new Map<BufferSpec | UniformSpec, PagePayload>();
    for (const b of sent) {
      const byteLength = b.data.byteLength;
      payloads.set(b, useFile ? { binding: b.binding, byteLength, fileOffset: offsets.get(b.data)! } : { binding: b.binding, byteLength, b64: bytesOf(b.data).toString('base64') });
    }
    let inPath: string | undefined;
    return {
      payloads,
      send: async (id) => {
        if (!useFile) return undefined;
        inPath = join(this.dir, `in-${id}.bin`);
        await writeFile(inPath, Buffer.concat(arrays.map(bytesOf)));
        const fileInput = await this.page.evaluateHandle(([name]) => (globalThis as unknown as PageGlobals)[name]!.newFileInput(), [PAGE_GLOBAL] as const);
        const element = fileInput.asElement();
        if (!element) {
          await fileInput.dispose().catch(() => undefined);
          throw new Error('WebGpuRunner: page did not return a file input');
        }
        await element.setInputFiles(inPath);
        return fileInput;
      },
      cleanUp: async (fileInput) => {
        await fileInput?.dispose().catch(() => undefined);
        if (inPath !== undefined) await rm(inPath, { force: true });
      },
    };
  }

  private expectDownload(name: string): DownloadWaiter {
    let resolve!: (d: Download) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<Download>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined);
    const waiter: DownloadWaiter = { promise, resolve, reject };
    this.waiters.set(name, waiter);
    return waiter;
  }

  /** Outputs leave as a blob download: Chromium writes the file itself (~110 vs ~380 ms for 4 MB as base64). */
  private async readDownload(name: string, waiter: DownloadWaiter): Promise<Buffer> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), DOWNLOAD_FALLBACK_MS);
      });
      const d = await Promise.race([waiter.promise, late]);
      if (d === null) {
        this.downloadsWork = false;
        const b64 = await this.page.evaluate(
          ([g, n]) => (globalThis as unknown as PageGlobals)[g]!.readBlob(n),
          [PAGE_GLOBAL, name] as const,
        );
        return Buffer.from(b64, 'base64');
      }
      try {
        return await readFile(await d.path());
      } finally {
        this.release.push(name);
        await d.delete().catch(() => undefined);
      }
    } finally {
      clearTimeout(timer);
      this.waiters.delete(name);
    }
  }

  async map(spec: MapSpec): Promise<(Float32Array | Uint32Array)[]> {
    const first = spec.inputs[0];
    if (!first) throw new Error('map: needs at least one input (it sets the element count)');
    const n = first.data.length;
    for (const b of spec.inputs) {
      if (b.data.length !== n) throw new RangeError(`map: input ${b.binding} has ${b.data.length} elements, expected ${n}`);
    }
    const chunk = spec.chunk ?? 1 << 20;
    const wgSize = spec.workgroupSize ?? 64;
    if (!Number.isSafeInteger(chunk) || chunk <= 0) throw new RangeError(`map: bad chunk ${chunk}`);
    if (!Number.isSafeInteger(wgSize) || wgSize <= 0) throw new RangeError(`map: bad workgroupSize ${wgSize}`);
    const anyPacked = spec.outputs.some((o) => o.packedBits);
    if (anyPacked && chunk % 32 !== 0) throw new RangeError(`map: chunk ${chunk} must be a multiple of 32 with packedBits outputs`);
    for (const o of spec.outputs) {
      if (o.packedBits && o.type !== 'u32') throw new TypeError(`map: packedBits output ${o.binding} must be u32`);
      const per = o.perElement ?? 1;
      if (!Number.isSafeInteger(per) || per <= 0) throw new RangeError(`map: output ${o.binding}: bad perElement ${per}`);
    }
    const outLength = (o: MapOutputSpec, len: number): number => (o.packedBits ? Math.ceil(len / 32) : len * (o.perElement ?? 1));
    const results = spec.outputs.map((o) => (o.type === 'f32' ? new Float32Array(outLength(o, n)) : new Uint32Array(outLength(o, n))));

    const maxDim = this.limits.maxComputeWorkgroupsPerDimension;
    const runChunk = async (offset: number): Promise<void> => {
      const len = Math.min(chunk, n - offset);
      const groups = Math.ceil(len / wgSize);
      const workgroups: [number, number, number] =
        groups <= maxDim ? [groups, 1, 1] : [maxDim, Math.ceil(groups / maxDim), 1];
      if (workgroups[1] > maxDim) throw new RangeError(`map: chunk ${chunk} needs too many workgroups`);
      const outs = await this.dispatch({
        shader: spec.shader,
        ...(spec.entryPoint === undefined ? {} : { entryPoint: spec.entryPoint }),
        inputs: spec.inputs.map((b) => ({ binding: b.binding, data: b.data.subarray(offset, offset + len) })),
        outputs: spec.outputs.map((o) => ({ binding: o.binding, type: o.type, length: outLength(o, len) })),
        uniforms: [{ binding: spec.countBinding, data: Uint32Array.of(len) }],
        workgroups,
      });
      spec.outputs.forEach((o, k) => {
        const at = o.packedBits ? offset / 32 : offset * (o.perElement ?? 1);
        results[k]!.set(outs[k]!, at);
      });
    };

    // Two chunks in flight: one transfers/decodes while the other runs on the GPU.
    const offsets: number[] = [];
    for (let off = 0; off < n; off += chunk) offsets.push(off);
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      try {
        while (!failed && next < offsets.length) await runChunk(offsets[next++]!);
      } catch (e) {
        failed = true;
        throw e;
      }
    };
    await Promise.all([worker(), worker()]);
    return results;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.browser.close();
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}

function normaliseWorkgroups(w: DispatchSpec['workgroups']): [number, number, number] {
  const t: [number, number, number] = typeof w === 'number' ? [w, 1, 1] : [w[0], w[1], w[2]];
  for (const v of t) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`bad workgroup count ${v} in [${t.join(', ')}]`);
  }
  return t;
}

/** The raw bytes of a typed array, without copying. */
function bytesOf(data: Float32Array | Uint32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function splitBytes(all: Buffer, outputs: readonly OutputSpec[]): Buffer[] {
  let at = 0;
  return outputs.map((o) => all.subarray(at, (at += o.length * 4)));
}

function typedFrom(bytes: Buffer, type: 'f32' | 'u32', length: number): Float32Array | Uint32Array {
  if (bytes.byteLength !== length * 4) throw new Error(`WebGPU output: got ${bytes.byteLength} bytes, expected ${length * 4}`);
  // Copy: a Buffer may sit unaligned in a shared slab, and typed arrays need 4-byte alignment.
  const out = type === 'f32' ? new Float32Array(length) : new Uint32Array(length);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Playwright's error without its "page.evaluate: Error: " prefix and the page-side stack. */
function pageErrorText(e: unknown): string {
  const lines = errorText(e).replace(/^page\.evaluate: (Error: )?/, '').split('\n');
  while (lines.length > 0 && /^\s*(at .*)?$/.test(lines[lines.length - 1]!)) lines.pop();
  return lines.join('\n');
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
