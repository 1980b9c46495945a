import { GENERATOR } from '../../fit/planner.js';
import type { GeneratedFile, GenerateOptions } from '../generate.js';
import { headerLines } from '../header.js';
import { camel } from '../names.js';
import type { FamilyCode } from './family-code.js';
import { familyCodes } from './registry.js';
import { tsFamilyModule } from './typescript.js';
import { wgslFamilyFiles } from './wgsl.js';

/** The trainable families' generated files (under ts/families and wgsl/families), in a fixed order. */
export function generateFamilies(fitsDir: string, options: GenerateOptions): GeneratedFile[] {
  const codes = familyCodes(fitsDir);
  const header = (code: FamilyCode) =>
    headerLines({ generator: GENERATOR, fits: code.fits, command: options.command }).map((l) =>
      l.startsWith('From: no fit file') ? `From: no fit file (the host fits ${code.name}'s initial approximation per call: ${code.host.module}).` : l,
    );
  const files: GeneratedFile[] = [];
  if (options.target !== 'wgsl') {
    for (const code of codes) {
      const path = `ts/families/${code.name}.ts`;
      files.push({ path, text: tsFamilyModule(code, header(code), `generated/${path}`) });
    }
    const index = [
      ...headerLines({ generator: GENERATOR, fits: codes.flatMap((c) => c.fits), command: options.command }).map((l) => `// ${l}`.trimEnd()),
      '',
      ...codes.map((c) => {
        const n = camel(c.name);
        const names = [c.host.name, `${n}ParamNames`, `${n}CodeBits`, camel(c.inverse.name), camel(c.grad.name), camel(c.forward.name), camel(c.code.name), ...c.dParams.map((f) => camel(f.name))];
        return `export { ${names.join(', ')} } from './${c.name}.js';`;
      }),
      '',
    ];
    files.push({ path: 'ts/families/index.ts', text: index.join('\n') });
  }
  if (options.target !== 'ts') for (const code of codes) files.push(...wgslFamilyFiles(code, options.prefix, header(code)));
  return files;
}
