import { engineInternals } from './engine-internals.js';

/**
 * Live bytes of the unique buffers (dataIds) that the engine creates while the ledger is open,
 * and their peak. It hooks the engine where a buffer first gets a tensor (trackTensor) and where
 * the backend really frees one (removeDataId), so shared buffers count once. Buffers a kernel
 * allocates and frees inside itself never reach the engine and are not counted.
 */
export class BufferLedger {
  private readonly live = new Map<object, number>();
  private bytes = 0;
  private peak = 0;
  private readonly restore: () => void;

  constructor() {
    const e = engineInternals();
    const info = e.state.tensorInfo;
    const ownTrack = Object.hasOwn(e, 'trackTensor');
    const ownRemove = Object.hasOwn(e, 'removeDataId');
    const track = e.trackTensor;
    const remove = e.removeDataId;
    e.trackTensor = (t, backend) => {
      const known = info.has(t.dataId);
      track.call(e, t, backend);
      if (!known && info.has(t.dataId)) this.add(t.dataId, info.get(t.dataId)!.bytes);
    };
    e.removeDataId = (dataId, backend) => {
      const known = info.has(dataId);
      remove.call(e, dataId, backend);
      if (known && !info.has(dataId)) this.remove(dataId);
    };
    this.restore = () => {
      const w = e as unknown as Record<string, unknown>;
      if (ownTrack) e.trackTensor = track;
      else delete w['trackTensor'];
      if (ownRemove) e.removeDataId = remove;
      else delete w['removeDataId'];
    };
  }

  private add(dataId: object, bytes: number): void {
    this.live.set(dataId, bytes);
    this.bytes += bytes;
    if (this.bytes > this.peak) this.peak = this.bytes;
  }

  private remove(dataId: object): void {
    const b = this.live.get(dataId);
    if (b === undefined) return;
    this.live.delete(dataId);
    this.bytes -= b;
  }

  /** Bytes of buffers created since the ledger opened and still alive. */
  get liveBytes(): number {
    return this.bytes;
  }

  get peakBytes(): number {
    return this.peak;
  }

  close(): void {
    this.restore();
  }
}
