import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseWgsl, validate } from 'naga-wasm';
import { describe, expect, it } from 'vitest';

// A second, independent WGSL compiler: naga (wgpu, Firefox) beside Chromium's Tint that the
// SwiftShader tests use. It is the only check the `enable f16` kernels get here, since SwiftShader
// has no 'shader-f16' to run them; it also keeps the composable files free of Tint-only leniency.
const ROOT = new URL('../../generated/wgsl', import.meta.url).pathname;

function wgslFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? wgslFiles(join(dir, e.name)) : e.name.endsWith('.wgsl') ? [join(dir, e.name)] : []));
}

/** naga's verdict on a source: null when it parses and validates, else its first error line. */
function nagaError(source: string): string | null {
  try {
    const module = parseWgsl(source);
    validate(module).free();
    module.free();
    return null;
  } catch (e) {
    const err = e as { kind?: string; formatted?: string; message: string };
    return `${err.kind ?? 'error'}: ${(err.formatted ?? err.message).split('\n')[0]}`;
  }
}

/**
 * A composable family file as a shader that includes it: with the uniform declaration its header
 * tells the includer to write (so the header's instruction is checked too).
 */
function asIncluded(source: string): string {
  const declaration = /Declare the uniform in the including shader:\n\/\/\s+(.+)\n/.exec(source)?.[1];
  const declared = /^@group.*var<uniform>/m.test(source);
  return declaration && !declared ? `${source}\n${declaration.replace('binding(N)', 'binding(0)')}\n` : source;
}

const files = wgslFiles(ROOT).sort();
const f16Kernels = files.filter((f) => readFileSync(f, 'utf8').includes('enable f16;'));

describe('generated WGSL under naga', () => {
  it('finds the generated files, f16 kernels among them', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.some((f) => f.includes('/families/'))).toBe(true);
    expect(f16Kernels.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s parses and validates', (_, file) => {
    expect(nagaError(asIncluded(readFileSync(file, 'utf8')))).toBeNull();
  });

  // The checker must be able to fail: the same f16 kernel, broken the ways a code generator could break it.
  it('rejects an f16 kernel without its enable, with an f16 load left unwidened, or with a type mix', () => {
    const source = readFileSync(f16Kernels[0]!, 'utf8');
    expect(nagaError(source)).toBeNull();
    expect(nagaError(source.replace('enable f16;', ''))).toMatch(/f16/);
    expect(nagaError(source.replace(/f32\(y_in\[i\]\)/, 'y_in[i]'))).toMatch(/^validation/);
    expect(nagaError(`${source}\nfn planted(a: f32) -> f32 { return a + 1u; }\n`)).toMatch(/^validation/);
  });
});
