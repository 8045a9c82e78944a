// Runs the detection engine on its own thread: matching is a sixth of the work per event, and on
// the event loop it competes with ingest. Requests are answered in order; the leaves of a group
// travel as one transferred buffer (no per-event structured clone).
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RuleText } from '@keywatch/detect';
import type { DetectionSnapshot, FoldedDetection } from './detection-core.ts';
import type { DetectionReply, DetectionRequest } from './detection-worker.ts';
import type { PriorityInfo, ThreadPriority } from './thread-priority.ts';

const BOOT = new URL('./detection-worker-boot.cjs', import.meta.url);
const WORKER = new URL('./detection-worker.ts', import.meta.url);

type Body<R> = R extends { id: number } ? Omit<R, 'id'> : never;

export class DetectionThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private seq = 0;
  private failure: Error | undefined;

  constructor(rules: readonly RuleText[], priority: ThreadPriority = 'normal') {
    this.worker = new Worker(BOOT, {
      workerData: { entry: fileURLToPath(WORKER), rules, priority },
      // The TypeScript loader only: the server's own node flags (--trace-gc, heap sizes, --test …)
      // are refused in a worker's execArgv (ERR_WORKER_INVALID_EXEC_ARGV) or mean nothing there.
      execArgv: ['--import', import.meta.resolve('tsx')],
    });
    this.worker.on('message', (r: DetectionReply) => this.settle(r));
    this.worker.on('error', (err) =>
      this.fail(new Error(`the detection thread failed: ${err.message}`)),
    );
    this.worker.on('exit', () => this.fail(new Error('the detection thread exited')));
    this.worker.unref();
  }

  process(leaves: readonly Uint8Array[]): Promise<FoldedDetection[]> {
    const ends = new Uint32Array(leaves.length);
    let total = 0;
    leaves.forEach((l, i) => (ends[i] = total += l.length));
    const data = new Uint8Array(total);
    let at = 0;
    for (const l of leaves) {
      data.set(l, at);
      at += l.length;
    }
    return this.call({ op: 'process', leaves: data, ends }, [data.buffer]) as Promise<
      FoldedDetection[]
    >;
  }

  tick(nowMs: number): Promise<FoldedDetection[]> {
    return this.call({ op: 'tick', nowMs }) as Promise<FoldedDetection[]>;
  }

  snapshot(): Promise<DetectionSnapshot> {
    return this.call({ op: 'snapshot' }) as Promise<DetectionSnapshot>;
  }

  async restore(snapshot: DetectionSnapshot): Promise<void> {
    await this.call({ op: 'restore', snapshot });
  }

  /** The thread's Linux id and the priority it runs at. */
  priority(): Promise<PriorityInfo> {
    return this.call({ op: 'priority' }) as Promise<PriorityInfo>;
  }

  async setRules(rules: readonly RuleText[]): Promise<void> {
    await this.call({ op: 'rules', rules: [...rules] });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    const exited = new Promise((done) => this.worker.once('exit', done));
    this.worker.ref();
    this.worker.postMessage({ id: ++this.seq, op: 'close' });
    await exited;
  }

  private call(body: Body<DetectionRequest>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id }, transfer);
    });
  }

  private settle(r: DetectionReply): void {
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    if (this.waiting.size === 0) this.worker.unref();
    if (r.ok) w.resolve(r.value);
    else w.reject(new Error(r.message));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
