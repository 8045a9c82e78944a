// What one probe run yields; the module turns it into a probe.* event. Thresholds decide outcome
// and severity: `failure` and a raised severity when one is crossed, so rules can alert on them.
import type { NativeEvent, Severity } from '@keywatch/protocol';

export interface ProbeResult {
  type: 'probe.http' | 'probe.tcp' | 'probe.tls';
  name: string;
  target: string;
  ok: boolean;
  severity: Severity;
  message: string;
  detail: Record<string, unknown>;
}

/** The worst of several findings wins. */
export function worst(a: Severity, b: Severity): Severity {
  const order: Severity[] = ['debug', 'info', 'low', 'medium', 'high', 'critical'];
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}

export function probeEvent(agentId: string, r: ProbeResult): NativeEvent {
  return {
    time: new Date().toISOString(),
    type: r.type,
    outcome: r.ok ? 'success' : 'failure',
    severity: r.severity,
    actor: { id: agentId, type: 'agent' },
    target: { type: 'endpoint', id: r.target, name: r.name },
    message: r.message,
    detail: r.detail,
  };
}
