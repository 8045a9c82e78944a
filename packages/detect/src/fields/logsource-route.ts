// Which events a rule sees, decided by its logsource (Sigma taxonomy appendix: aws/cloudtrail,
// azure/activitylogs, gcp/gcp.audit, linux/auditd; keywatch-defined for the rest), and how its
// field names are read: keywatch rules read normalized events; vendor rules read the original
// record parsed from `raw`.

export type RecordFormat = 'native' | 'json' | 'auditd' | 'cloudhsm';

export interface Route {
  /** source.kind values the rule applies to; undefined = every event. */
  kinds: readonly string[] | undefined;
  format: RecordFormat;
}

export interface Logsource {
  product?: string | undefined;
  service?: string | undefined;
  category?: string | undefined;
}

const VENDOR: Record<string, Route> = {
  'aws/cloudtrail': { kinds: ['cloudtrail'], format: 'json' },
  'aws/cloudhsm': { kinds: ['cloudhsm'], format: 'cloudhsm' },
  'azure/activitylogs': { kinds: ['azure-keyvault'], format: 'json' },
  'azure/keyvault': { kinds: ['azure-keyvault'], format: 'json' },
  'gcp/gcp.audit': { kinds: ['gcp-kms'], format: 'json' },
  'linux/auditd': { kinds: ['auditd'], format: 'auditd' },
  'hashicorp/vault': { kinds: ['vault'], format: 'json' },
};

/** Supported product/service pairs, for documentation and error messages. */
export const SUPPORTED_LOGSOURCES: readonly string[] = [
  'keywatch[/<source.kind>]',
  ...Object.keys(VENDOR),
];

export function routeLogsource(ls: Logsource): Route | undefined {
  const product = ls.product?.toLowerCase();
  if (product === 'keywatch') {
    if (ls.category !== undefined) return undefined;
    return { kinds: ls.service === undefined ? undefined : [ls.service], format: 'native' };
  }
  if (ls.category !== undefined) return undefined;
  return VENDOR[`${product ?? ''}/${ls.service?.toLowerCase() ?? ''}`];
}
