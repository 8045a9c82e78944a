// The detection thread (detection-thread.ts starts it): one DetectionCore, requests answered in
// the order they arrive, so the engine sees the log in order.
import { parentPort, workerData } from 'node:worker_threads';
import type { RuleText } from '@keywatch/detect';
import { DetectionCore, type DetectionSnapshot } from './detection-core.ts';
import {
  lowerThisThread,
  threadId,
  type PriorityInfo,
  type ThreadPriority,
} from './thread-priority.ts';

export type DetectionRequest =
  | { id: number; op: 'process'; leaves: Uint8Array; ends: Uint32Array }
  | { id: number; op: 'tick'; nowMs: number }
  | { id: number; op: 'snapshot' }
  | { id: number; op: 'restore'; snapshot: DetectionSnapshot }
  | { id: number; op: 'rules'; rules: RuleText[] }
  | { id: number; op: 'priority' }
  | { id: number; op: 'close' };
export type DetectionReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

const port = parentPort!;
const data = workerData as { rules: RuleText[]; priority: ThreadPriority };
const priority: PriorityInfo =
  data.priority === 'background' ? lowerThisThread() : { tid: threadId(), applied: 'unchanged' };
const core = new DetectionCore(data.rules);

function split(data: Uint8Array, ends: Uint32Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (const end of ends) {
    out.push(data.subarray(start, end));
    start = end;
  }
  return out;
}

function handle(r: DetectionRequest): unknown {
  switch (r.op) {
    case 'process':
      return core.process(split(r.leaves, r.ends));
    case 'tick':
      return core.tick(r.nowMs);
    case 'snapshot':
      return core.snapshot();
    case 'restore':
      return core.restore(r.snapshot);
    case 'rules':
      return core.setRules(r.rules);
    case 'priority':
      return priority;
    case 'close':
      return process.exit(0); // ends this thread only
  }
}

port.on('message', (r: DetectionRequest) => {
  let reply: DetectionReply;
  try {
    reply = { id: r.id, ok: true, value: handle(r) };
  } catch (err) {
    reply = { id: r.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
