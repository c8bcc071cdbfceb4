import { canonicalJson } from '#shared/evidence/canonical-json';
import { sha256Hex } from '#shared/evidence/finding';
import type { RemediationRecord } from '#shared/remediations/record';

/**
 * SHA-256 of the canonical JSON of planned calls (service, operation, IAM action and exact input, in
 * order): what a person approves, and what must be planned again, unchanged, before Vigil acts on it.
 */
export function planHash(planned: RemediationRecord['planned']): string {
  return sha256Hex(
    canonicalJson(
      planned.map((call) => ({
        service: call.service,
        operation: call.operation,
        iamAction: call.iamAction,
        input: call.input,
      })),
    ),
  );
}
