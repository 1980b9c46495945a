import { FAMILY_FITS_DIR, loadFits } from '../../fit/load.js';
import type { IrDispatch } from '../../ir/ir.js';
import { pruneFunction } from '../../ir/prune.js';
import { expandedCode } from './expanded-ir.js';
import { expandedParamBlock } from './expanded-params.js';
import type { FamilyCode } from './family-code.js';
import { arctanIr, normalIr, sigmoidIr, type GateIr } from './gates-ir.js';
import { xieluCode } from './xielu-ir.js';

/** Every function of the family without its dead bindings (see ir/prune.ts). */
function pruned(code: FamilyCode): FamilyCode {
  const dispatch = (d: IrDispatch): IrDispatch => ({ ...d, branches: d.branches.map((b) => ({ ...b, fn: pruneFunction(b.fn) })) });
  return {
    ...code,
    helpers: code.helpers.map(pruneFunction),
    inverse: dispatch(code.inverse),
    grad: dispatch(code.grad),
    forward: pruneFunction(code.forward),
    code: pruneFunction(code.code),
    dParams: code.dParams.map(pruneFunction),
  };
}

/** The families whose code is generated, in catalogue order; xIELU's from the fits in `<fits>/families`. */
export function familyCodes(fitsDir: string, newtonSteps?: number): FamilyCode[] {
  const expanded = (name: string, gate: GateIr): FamilyCode => ({
    ...expandedCode(name, expandedParamBlock(name), gate, newtonSteps),
    parameterNames: ['alpha'],
    host: { module: 'src/codegen/families/expanded-host.ts', name: `${name}Params` },
    fits: [],
  });
  return [expanded('xsilu', sigmoidIr), expanded('xgelu', normalIr), expanded('xatlu', arctanIr), xieluCode(loadFits(`${fitsDir}/${FAMILY_FITS_DIR}`))].map(pruned);
}
