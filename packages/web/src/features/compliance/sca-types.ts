// GET /v1/sca/results (server sca-report.ts): the trend of scan scores, per policy each host's
// latest result per check, and the software findings.
export interface TrendPoint {
  time: string;
  host: string | null;
  policy: string;
  score: number | null;
  counts: Record<string, number>;
  index: number;
}

export interface PolicyReport {
  policy: string;
  hosts: Record<
    string,
    { scan: string; time: string; score: number | null; checks: Record<string, string> }
  >;
  checks: Record<string, Record<string, number>>;
}

export interface ScaResults {
  trend: TrendPoint[];
  policies: PolicyReport[];
  findings: { index: number; time: string; type: string; host: string | null; message: string }[];
}

export interface FailedCheck {
  host: string;
  policy: string;
  check: string;
  title: string;
  reasons: string[];
  compliance: Record<string, string[]>;
  rationale?: string;
  remediation?: string;
  index: number;
}
