/**
 * The asm.js warnings V8 emits while `run` instantiates and calls a module: V8 falls back to plain
 * JavaScript (correct but several times slower) when a module is not valid asm.js, and says so
 * only through a process warning.
 */
export async function asmJsWarnings(run: () => void): Promise<string[]> {
  const warnings: string[] = [];
  const listen = (w: Error) => warnings.push(w.message);
  process.on('warning', listen);
  try {
    run();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listen);
  }
  return warnings.filter((w) => /asm\.js/i.test(w));
}
