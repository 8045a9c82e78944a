// The detection thread runs in the background (Linux scheduling policy SCHED_IDLE, sched(7)).
// Every acknowledgement waits on the event loop and the SQLite commit thread; when one of them
// wakes while detection holds both cores, it used to wait for a time slice (about 2 s of every
// 10 under full ingest). A SCHED_IDLE thread is preempted the moment a normal one wakes and uses
// what they leave; the pipeline bounds how far it may fall behind (detection-pipeline.ts,
// throttle). Node has no sched_setscheduler, so util-linux's chrt sets it; without chrt, nice 19.
// The change is one-way: an unprivileged thread cannot take its priority back.
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** `background`: SCHED_IDLE (else nice 19); `normal`: the process's own priority. */
export type ThreadPriority = 'background' | 'normal';

/** The calling thread's Linux id, and what lowerThisThread applied to it. */
export interface PriorityInfo {
  tid: number | undefined;
  applied: 'sched_idle' | 'nice_19' | 'unchanged';
}

export function threadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop()); // "PID/task/TID"
  } catch {
    return undefined; // not Linux
  }
}

/** Lowers the calling thread's priority as far as it is allowed to. */
export function lowerThisThread(): PriorityInfo {
  const tid = threadId();
  if (tid === undefined) return { tid, applied: 'unchanged' };
  try {
    execFileSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 5000 });
    return { tid, applied: 'sched_idle' };
  } catch {
    // no chrt, or refused: fall back to the lowest nice value
  }
  try {
    setPriority(tid, 19);
    return { tid, applied: 'nice_19' };
  } catch {
    return { tid, applied: 'unchanged' };
  }
}
