// Prometheus metrics of the server itself (GET /metrics). One registry per app, so several apps
// in one process (tests) do not collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ServerMetrics {
  readonly registry = new Registry();
  readonly ingested = new Counter({
    name: 'keywatch_ingest_events_total',
    help: 'Events received through the API, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly commitSeconds = new Histogram({
    name: 'keywatch_log_commit_seconds',
    help: 'Time to commit one group of events durably',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly detectionSeconds = new Histogram({
    name: 'keywatch_detection_seconds',
    help: 'From the durable commit of an event (its receipt) to its alert stored',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly detectionBacklog = new Gauge({
    name: 'keywatch_detection_backlog_events',
    help: 'Committed events not yet through detection (ingest waits past a bound)',
    registers: [this.registry],
  });
  readonly logSize = new Gauge({
    name: 'keywatch_log_size',
    help: 'Entries in the audit log (the latest signed checkpoint size)',
    registers: [this.registry],
  });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'keywatch_' });
  }
}
