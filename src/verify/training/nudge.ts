import { tensor } from '@tensorflow/tfjs';
import { nextUp32 } from '../../numerics/float32.js';
import type { TrainingTask } from './tasks.js';

/**
 * The task with every initial model weight one float32 step up (nextUp32), the smallest change
 * of the start there is. How far save-x from there ends from save-x is the float32 noise floor
 * of a free-running trajectory: any two float32 computations of the same training drift apart
 * about that much, however exact each one's gradients.
 */
export function nudgedTask(task: TrainingTask): TrainingTask {
  return {
    ...task,
    build: () => {
      const model = task.build();
      for (const v of model.parameters.list()) {
        const up = tensor((v.dataSync() as Float32Array).map(nextUp32), v.shape, 'float32');
        v.assign(up);
        up.dispose();
      }
      return model;
    },
  };
}
