/**
 * Code that runs inside the Chromium page. It is kept as a plain JavaScript string because the
 * project compiles against ES2022 without DOM/WebGPU typings; `runner.ts` evaluates it once per page.
 */

/** Name of the global the page script installs (a collision-unlikely key on `globalThis`). */
export const PAGE_GLOBAL = '__fitInverseWebGpu';

/** What `init` sends to the page. */
export interface PageInitRequest {
  readonly requiredFeatures: readonly string[];
}

/** What `init` gets back: either a device, or the stage at which WebGPU was unavailable. */
export type PageInitResult =
  | {
      readonly ok: true;
      readonly adapter: {
        readonly description: string;
        readonly vendor: string;
        readonly architecture: string;
        readonly features: string[];
        readonly isFallback: boolean;
      };
      readonly limits: {
        readonly maxComputeWorkgroupsPerDimension: number;
        readonly maxStorageBufferBindingSize: number;
        readonly maxBufferSize: number;
      };
    }
  | { readonly ok: false; readonly stage: string; readonly detail: string };

/**
 * A byte payload sent to the page: small ones inline as base64, large ones as a slice of the file
 * attached to the request's file input (setInputFiles hands Chromium a path, so no bytes cross CDP).
 */
export type PagePayload =
  | { readonly binding: number; readonly byteLength: number; readonly b64: string }
  | { readonly binding: number; readonly byteLength: number; readonly fileOffset: number };

/** One dispatch as sent to the page. */
export interface PageDispatchRequest {
  readonly shader: string;
  readonly entryPoint: string;
  readonly inputs: readonly PagePayload[];
  readonly uniforms: readonly PagePayload[];
  readonly outputs: readonly { readonly binding: number; readonly byteLength: number }[];
  /** If set, the outputs come back concatenated as a download with this file name; else inline base64. */
  readonly download: string | null;
  /** Earlier downloads Node has read, whose blobs can be released. */
  readonly release: readonly string[];
  readonly workgroups: readonly [number, number, number];
}

export type PageDispatchResult = { readonly inline: string[] } | { readonly download: string };

/** Candidate dispatches to time against each other (see the page's time function). */
export interface PageTimeRequest {
  readonly candidates: readonly Omit<PageDispatchRequest, 'download' | 'release'>[];
  readonly samples: number;
  readonly minSampleSeconds: number;
  readonly maxDispatchesPerSample: number;
}

/** Seconds per dispatch, per candidate and sample; timestamps only where the device has 'timestamp-query'. */
export interface PageTimeResult {
  readonly dispatchesPerSample: number;
  readonly wallSeconds: number[][];
  readonly timestampSeconds: number[][] | null;
}

/** The API the page script installs on `globalThis[PAGE_GLOBAL]`. */
export interface PageApi {
  init(request: PageInitRequest): Promise<PageInitResult>;
  /** A detached `<input type=file>` for one request's large inputs (typed as unknown: no DOM lib here). */
  newFileInput(): unknown;
  dispatch(request: PageDispatchRequest, fileInput: unknown): Promise<PageDispatchResult>;
  time(request: PageTimeRequest, fileInput: unknown): Promise<PageTimeResult>;
  /** A pending download's bytes as base64, for when the download never arrives; releases it. */
  readBlob(name: string): Promise<string>;
}

/**
 * The page script: an expression that installs `globalThis[PAGE_GLOBAL]` and evaluates to true.
 * GPU work is serialised through one queue so error scopes (a per-device stack) never interleave
 * between concurrent dispatches; reading inputs happens before taking the queue so transfers overlap.
 * Large outputs leave as a blob download: Chromium writes the bytes straight to a file Node reads.
 */
export const PAGE_SCRIPT = String.raw`(() => {
  if (globalThis.${PAGE_GLOBAL}) return true;

  const fromB64 = (s) => {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(s);
    const bin = atob(s);
    const u = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
    return u;
  };
  const toB64 = (u) => {
    if (typeof u.toBase64 === 'function') return u.toBase64();
    let s = '';
    for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));
    return btoa(s);
  };
  const errText = (e) => (e && typeof e.message === 'string' ? e.message : String(e));

  // Limits raised to the adapter's maximum: large elementwise chunks need big storage bindings.
  const RAISED_LIMITS = [
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxStorageBuffersPerShaderStage',
    'maxComputeInvocationsPerWorkgroup',
    'maxComputeWorkgroupSizeX',
    'maxComputeWorkgroupSizeY',
    'maxComputeWorkgroupSizeZ',
    'maxComputeWorkgroupStorageSize',
  ];

  let device = null;
  let lostReason = null;
  const pipelines = new Map();
  let queue = Promise.resolve();
  const exclusive = (fn) => {
    const run = queue.then(fn);
    queue = run.then(() => undefined, () => undefined);
    return run;
  };

  async function init(request) {
    if (!('gpu' in navigator) || !navigator.gpu) {
      return { ok: false, stage: 'navigator.gpu missing', detail: 'isSecureContext=' + isSecureContext + ', userAgent=' + navigator.userAgent };
    }
    let adapter;
    try {
      adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    } catch (e) {
      return { ok: false, stage: 'requestAdapter threw', detail: errText(e) };
    }
    if (!adapter) return { ok: false, stage: 'requestAdapter returned null', detail: 'no WebGPU adapter (GPU process or Vulkan/SwiftShader unavailable)' };
    const features = [...adapter.features].sort();
    const missing = request.requiredFeatures.filter((f) => !adapter.features.has(f));
    if (missing.length > 0) {
      return { ok: false, stage: 'requestDevice failed', detail: 'adapter lacks required features: ' + missing.join(', ') + ' (has: ' + features.join(', ') + ')' };
    }
    const requiredLimits = {};
    for (const k of RAISED_LIMITS) if (typeof adapter.limits[k] === 'number') requiredLimits[k] = adapter.limits[k];
    try {
      device = await adapter.requestDevice({ requiredFeatures: [...request.requiredFeatures], requiredLimits });
    } catch (e) {
      return { ok: false, stage: 'requestDevice failed', detail: errText(e) };
    }
    device.lost.then((info) => { lostReason = info.reason + ': ' + info.message; });
    const info = adapter.info || {};
    return {
      ok: true,
      adapter: {
        description: info.description || '',
        vendor: info.vendor || '',
        architecture: info.architecture || '',
        features,
        isFallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
      },
      limits: {
        maxComputeWorkgroupsPerDimension: device.limits.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
        maxBufferSize: device.limits.maxBufferSize,
      },
    };
  }

  async function compile(shader, entryPoint, entries) {
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ code: shader });
    const compilation = await module.getCompilationInfo();
    let pipeline = null;
    let pipelineError = null;
    let bindGroupLayout = null;
    try {
      bindGroupLayout = device.createBindGroupLayout({ entries });
      const layout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
      pipeline = await device.createComputePipelineAsync({ layout, compute: { module, entryPoint } });
    } catch (e) {
      pipelineError = errText(e);
    }
    const scopeError = await device.popErrorScope();
    const hasCompileError = compilation.messages.some((m) => m.type === 'error');
    if (!hasCompileError && !pipelineError && !scopeError) return { pipeline, bindGroupLayout };
    const lines = shader.split('\n');
    const parts = compilation.messages.map((m) => {
      const src = m.lineNum > 0 && lines[m.lineNum - 1] !== undefined ? '\n    ' + lines[m.lineNum - 1] : '';
      return m.type + ' at ' + m.lineNum + ':' + m.linePos + ': ' + m.message + src;
    });
    // Compiler messages say it all; otherwise (e.g. a missing entry point or a binding whose
    // declared access does not match the spec) report what pipeline creation said.
    if (!hasCompileError) {
      if (pipelineError) parts.push('pipeline: ' + pipelineError);
      if (scopeError) parts.push('validation: ' + scopeError.message);
    }
    const what = hasCompileError ? 'WGSL compilation failed' : 'WebGPU pipeline creation failed';
    throw new Error(what + ' (entry point "' + entryPoint + '"):\n' + parts.join('\n'));
  }

  function getPipeline(shader, entryPoint, entries) {
    const key = entryPoint + '\u0000' + JSON.stringify(entries) + '\u0000' + shader;
    let p = pipelines.get(key);
    if (!p) {
      p = compile(shader, entryPoint, entries);
      pipelines.set(key, p);
      p.catch(() => pipelines.delete(key));
    }
    return p;
  }

  // Outputs waiting in blobs for Node to fetch as downloads; released when Node says it has them.
  const downloads = new Map();
  const release = (name) => {
    const d = downloads.get(name);
    if (!d) return;
    downloads.delete(name);
    clearTimeout(d.timer);
    URL.revokeObjectURL(d.url);
    d.frame.remove();
  };
  // Each download starts from its own hidden iframe: Chromium drops every 11th or so download
  // started in quick succession from one frame, but not when each comes from a fresh frame.
  const startDownload = (name, blob) => {
    const url = URL.createObjectURL(blob);
    const frame = document.createElement('iframe');
    frame.style.display = 'none';
    document.body.appendChild(frame);
    const a = frame.contentDocument.createElement('a');
    a.href = url;
    a.download = name;
    frame.contentDocument.body.appendChild(a);
    a.click();
    downloads.set(name, { url, blob, frame, timer: setTimeout(() => release(name), 300000) });
  };
  /** Fallback when a download never reached Node: the same bytes as base64. */
  async function readBlob(name) {
    const d = downloads.get(name);
    if (!d) throw new Error('no pending output ' + name);
    const b64 = toB64(new Uint8Array(await d.blob.arrayBuffer()));
    release(name);
    return b64;
  }

  function newFileInput() {
    const el = document.createElement('input');
    el.type = 'file';
    return el;
  }

  /** The bytes of each payload, by reference: inline base64, or a slice of the request's file. */
  async function payloadReader(payloads, fileInput) {
    let file = null;
    if (payloads.some((b) => b.b64 === undefined)) {
      if (!fileInput || !fileInput.files || fileInput.files.length !== 1) throw new Error('input file missing');
      file = new Uint8Array(await fileInput.files[0].arrayBuffer());
    }
    return (b) => {
      const u = b.b64 !== undefined ? fromB64(b.b64) : file.subarray(b.fileOffset, b.fileOffset + b.byteLength);
      if (u.byteLength !== b.byteLength) throw new Error('binding ' + b.binding + ': got ' + u.byteLength + ' bytes, expected ' + b.byteLength);
      return u;
    };
  }

  /** make() creates a buffer and keeps it in created, so that all are destroyed together. */
  function bufferTracker() {
    const created = [];
    const make = (size, usage) => {
      const buf = device.createBuffer({ size, usage });
      created.push(buf);
      return buf;
    };
    return { created, make };
  }

  function layoutEntries(inputs, outputs, uniforms) {
    const C = GPUShaderStage.COMPUTE;
    return [
      ...inputs.map((b) => ({ binding: b.binding, visibility: C, buffer: { type: 'read-only-storage' } })),
      ...outputs.map((b) => ({ binding: b.binding, visibility: C, buffer: { type: 'storage' } })),
      ...uniforms.map((b) => ({ binding: b.binding, visibility: C, buffer: { type: 'uniform' } })),
    ].sort((a, b) => a.binding - b.binding);
  }

  /** Buffers for one dispatch's bindings, inputs and uniforms written; make() creates (and tracks) each. */
  function bindBuffers(inputs, uniforms, outputs, make) {
    const U = GPUBufferUsage;
    const groupEntries = [];
    for (const b of inputs) {
      const buf = make(Math.max(4, b.bytes.byteLength), U.STORAGE | U.COPY_DST);
      if (b.bytes.byteLength > 0) device.queue.writeBuffer(buf, 0, b.bytes);
      groupEntries.push({ binding: b.binding, resource: { buffer: buf } });
    }
    for (const b of uniforms) {
      const size = Math.max(16, Math.ceil(b.bytes.byteLength / 16) * 16);
      const padded = new Uint8Array(size);
      padded.set(b.bytes);
      const buf = make(size, U.UNIFORM | U.COPY_DST);
      device.queue.writeBuffer(buf, 0, padded);
      groupEntries.push({ binding: b.binding, resource: { buffer: buf } });
    }
    const outBufs = outputs.map((o) => {
      const size = Math.max(4, o.byteLength);
      const buf = make(size, U.STORAGE | U.COPY_SRC);
      groupEntries.push({ binding: o.binding, resource: { buffer: buf } });
      return { buf, size };
    });
    return { groupEntries, outBufs };
  }

  async function dispatch(req, fileInput) {
    if (!device) throw new Error('WebGPU device not initialised');
    for (const name of req.release) release(name);
    const bytesOf = await payloadReader([...req.inputs, ...req.uniforms], fileInput);
    const inputs = req.inputs.map((b) => ({ binding: b.binding, bytes: bytesOf(b) }));
    const uniforms = req.uniforms.map((b) => ({ binding: b.binding, bytes: bytesOf(b) }));
    return exclusive(async () => {
      if (lostReason) throw new Error('WebGPU device lost: ' + lostReason);
      const { pipeline, bindGroupLayout } = await getPipeline(req.shader, req.entryPoint, layoutEntries(inputs, req.outputs, uniforms));

      const { created, make } = bufferTracker();
      const U = GPUBufferUsage;
      let staging = [];
      let thrown = null;
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
      try {
        const { groupEntries, outBufs } = bindBuffers(inputs, uniforms, req.outputs, make);
        staging = outBufs.map((o) => make(o.size, U.MAP_READ | U.COPY_DST));
        const bindGroup = device.createBindGroup({ layout: bindGroupLayout, entries: groupEntries });
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(req.workgroups[0], req.workgroups[1], req.workgroups[2]);
        pass.end();
        outBufs.forEach((o, k) => encoder.copyBufferToBuffer(o.buf, 0, staging[k], 0, o.size));
        device.queue.submit([encoder.finish()]);
      } catch (e) {
        thrown = e;
      }
      const validation = await device.popErrorScope();
      const oom = await device.popErrorScope();
      try {
        if (thrown) throw new Error('WebGPU dispatch failed: ' + errText(thrown));
        if (validation) throw new Error('WebGPU validation error: ' + validation.message);
        if (oom) throw new Error('WebGPU out of memory: ' + oom.message);
        await Promise.all(staging.map((s) => s.mapAsync(GPUMapMode.READ)));
        const views = staging.map((s, k) => new Uint8Array(s.getMappedRange(), 0, req.outputs[k].byteLength));
        if (req.download === null) return { inline: views.map(toB64) };
        // Blob construction copies the mapped bytes, so the buffers can be unmapped and destroyed.
        startDownload(req.download, new Blob(views, { type: 'application/octet-stream' }));
        return { download: req.download };
      } catch (e) {
        if (lostReason) throw new Error(errText(e) + ' (device lost: ' + lostReason + ')');
        throw e;
      } finally {
        for (const b of created) b.destroy();
      }
    });
  }

  /**
   * Candidate dispatches timed against each other: their buffers are made and filled once, and
   * outputs are never read back. A sample is one submit of k back-to-back dispatches in one
   * compute pass (k chosen so that a sample of the fastest candidate lasts minSampleSeconds);
   * candidates alternate, in reversed order every other round. Wall time is performance.now()
   * around submit and onSubmittedWorkDone; with 'timestamp-query' on the device, the pass's
   * begin and end timestamps are read too.
   */
  async function time(req, fileInput) {
    if (!device) throw new Error('WebGPU device not initialised');
    const bytesOf = await payloadReader(req.candidates.flatMap((c) => [...c.inputs, ...c.uniforms]), fileInput);
    const candidates = req.candidates.map((c) => ({
      ...c,
      inputs: c.inputs.map((b) => ({ binding: b.binding, bytes: bytesOf(b) })),
      uniforms: c.uniforms.map((b) => ({ binding: b.binding, bytes: bytesOf(b) })),
    }));
    return exclusive(async () => {
      if (lostReason) throw new Error('WebGPU device lost: ' + lostReason);
      const layouts = [];
      for (const c of candidates) layouts.push(await getPipeline(c.shader, c.entryPoint, layoutEntries(c.inputs, c.outputs, c.uniforms)));
      const { created, make } = bufferTracker();
      const U = GPUBufferUsage;
      const stamps = device.features.has('timestamp-query');
      let querySet = null;
      let result = null;
      let thrown = null;
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
      try {
        const runs = candidates.map((c, i) => ({
          pipeline: layouts[i].pipeline,
          bindGroup: device.createBindGroup({ layout: layouts[i].bindGroupLayout, entries: bindBuffers(c.inputs, c.uniforms, c.outputs, make).groupEntries }),
          workgroups: c.workgroups,
        }));
        querySet = stamps ? device.createQuerySet({ type: 'timestamp', count: 2 }) : null;
        const resolved = stamps ? make(16, U.QUERY_RESOLVE | U.COPY_SRC) : null;
        const readBack = stamps ? make(16, U.MAP_READ | U.COPY_DST) : null;
        const sample = async (run, k) => {
          const encoder = device.createCommandEncoder();
          const pass = encoder.beginComputePass(stamps ? { timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {});
          pass.setPipeline(run.pipeline);
          pass.setBindGroup(0, run.bindGroup);
          for (let j = 0; j < k; j++) pass.dispatchWorkgroups(run.workgroups[0], run.workgroups[1], run.workgroups[2]);
          pass.end();
          if (stamps) {
            encoder.resolveQuerySet(querySet, 0, 2, resolved, 0);
            encoder.copyBufferToBuffer(resolved, 0, readBack, 0, 16);
          }
          const t0 = performance.now();
          device.queue.submit([encoder.finish()]);
          await device.queue.onSubmittedWorkDone();
          const wall = (performance.now() - t0) / 1000 / k;
          if (!stamps) return [wall, NaN];
          await readBack.mapAsync(GPUMapMode.READ);
          const [begin, end] = new BigUint64Array(readBack.getMappedRange().slice(0));
          readBack.unmap();
          return [wall, Number(end - begin) / 1e9 / k];
        };
        for (const run of runs) await sample(run, 1);
        let fastest = Infinity;
        for (const run of runs) fastest = Math.min(fastest, (await sample(run, 1))[0]);
        const k = Math.max(1, Math.min(req.maxDispatchesPerSample, Math.ceil(req.minSampleSeconds / fastest)));
        const wall = runs.map(() => []);
        const gpu = runs.map(() => []);
        for (let r = 0; r < req.samples; r++) {
          for (let j = 0; j < runs.length; j++) {
            const i = r % 2 === 0 ? j : runs.length - 1 - j;
            const [w, g] = await sample(runs[i], k);
            wall[i].push(w);
            gpu[i].push(g);
          }
        }
        result = { dispatchesPerSample: k, wallSeconds: wall, timestampSeconds: stamps ? gpu : null };
      } catch (e) {
        thrown = e;
      }
      const validation = await device.popErrorScope();
      const oom = await device.popErrorScope();
      querySet?.destroy();
      for (const b of created) b.destroy();
      if (thrown) throw new Error('WebGPU timing failed: ' + errText(thrown) + (lostReason ? ' (device lost: ' + lostReason + ')' : ''));
      if (validation) throw new Error('WebGPU validation error: ' + validation.message);
      if (oom) throw new Error('WebGPU out of memory: ' + oom.message);
      return result;
    });
  }

  globalThis.${PAGE_GLOBAL} = { init, newFileInput, dispatch, time, readBlob, release };
  return true;
})()`;
