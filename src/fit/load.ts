import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFit, type Fit, type StorageDtype } from './fit-file.js';

/** Read and validate one fit file; errors name the file and the first bad field. */
export function loadFit(path: string): Fit {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RangeError(`cannot read fit file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseFit(text, path);
}

/**
 * Every *.json fit in a directory for the given storage dtypes (float32 unless named), sorted by
 * file name (deterministic order for generated code).
 */
export function loadFits(dir: string, dtypes: readonly StorageDtype[] = ['float32']): { path: string; name: string; fit: Fit; text: string }[] {
  const root = resolve(dir);
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.endsWith('.json')).sort();
  } catch {
    throw new RangeError(`fits directory ${root} does not exist or cannot be read`);
  }
  return names
    .map((n) => {
      const path = join(root, n);
      const text = readFileSync(path, 'utf8');
      return { path, name: n, fit: parseFit(text, path), text };
    })
    .filter((f) => dtypes.includes(f.fit.dtype));
}

/** The subfolder of a fits directory for functions given by `fit --expr`. */
export const EXPRESSION_FITS_DIR = 'expr';
/** The subfolder of a fits directory for the fits the trainable families are made of (xIELU's φ). */
export const FAMILY_FITS_DIR = 'families';

/** The fits in `dir` and, where it exists, in its expr/ folder (functions given by fit --expr), named relative to `dir`. */
export function loadFitTree(dir: string, dtypes: readonly StorageDtype[] = ['float32']): { path: string; name: string; fit: Fit; text: string }[] {
  const sub = join(resolve(dir), EXPRESSION_FITS_DIR);
  const expressions = existsSync(sub) ? loadFits(sub, dtypes).map((f) => ({ ...f, name: `${EXPRESSION_FITS_DIR}/${f.name}` })) : [];
  return [...loadFits(dir, dtypes), ...expressions];
}
