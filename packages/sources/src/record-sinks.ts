// Which record sink and which export containers each JSON source uses.
import type { BuildContext } from './core/event-builder.ts';
import type { RecordSink } from './core/json-decoder.ts';
import type { DecoderOptions, SourceKind } from './core/record-types.ts';
import { SourceError } from './core/source-error.ts';
import { vaultSink } from './vault/vault-decoder.ts';
import { cloudTrailSink } from './cloudtrail/cloudtrail-sink.ts';
import { gcpSink } from './gcp/gcp-sink.ts';
import { azureSink } from './azure/azure-sink.ts';
import { nativeSink } from './native/native-sink.ts';

/** Members that hold a list of records in an export file. */
export const WRAPPERS: Partial<Record<SourceKind, readonly string[]>> = {
  cloudtrail: ['Records'],
  'gcp-kms': ['entries'],
  'azure-keyvault': ['records', 'value'],
  native: ['events'],
};

export function sinkFor(kind: SourceKind, ctx: BuildContext, o: DecoderOptions): RecordSink {
  switch (kind) {
    case 'vault':
      return vaultSink(ctx, o.vaultPolicyRoles, o.vaultMaxPending);
    case 'cloudtrail':
      return cloudTrailSink(ctx, o.awsPrincipalRoles);
    case 'gcp-kms':
      return gcpSink(ctx, o.gcpPrincipalRoles);
    case 'azure-keyvault':
      return azureSink(ctx, o.azurePrincipalRoles);
    case 'native':
      return nativeSink(ctx);
    default:
      throw new SourceError('UNKNOWN_SOURCE', `${kind} is not a JSON source`);
  }
}
