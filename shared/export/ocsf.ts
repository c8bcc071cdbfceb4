import { z } from 'zod';
import type { Finding } from '#shared/evidence/finding';
import { ruleTitleOf } from '#shared/rules/rule-titles';

/** OCSF schema version the export writes. */
export const OCSF_VERSION = '1.3.0';

/** OCSF Compliance Finding class (Findings category). */
const CLASS_UID = 2003;
const CATEGORY_UID = 2;
const ACTIVITY_CREATE = 1;

/** One OCSF 1.x Compliance Finding event (class 2003), the fields Vigil fills in. */
export const OcsfComplianceFindingSchema = z.object({
  activity_id: z.literal(ACTIVITY_CREATE),
  activity_name: z.literal('Create'),
  category_uid: z.literal(CATEGORY_UID),
  category_name: z.literal('Findings'),
  class_uid: z.literal(CLASS_UID),
  class_name: z.literal('Compliance Finding'),
  type_uid: z.literal(CLASS_UID * 100 + ACTIVITY_CREATE),
  type_name: z.literal('Compliance Finding: Create'),
  time: z.number().int().positive(),
  severity_id: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  severity: z.enum(['Informational', 'Low', 'Medium', 'High', 'Critical']),
  status_id: z.union([z.literal(1), z.literal(3), z.literal(4), z.literal(99)]),
  status: z.enum(['New', 'Suppressed', 'Resolved', 'Other']),
  message: z.string(),
  compliance: z.object({
    control: z.string().min(1),
    standards: z.array(z.string()).min(1),
    requirements: z.array(z.string()),
    status_id: z.union([z.literal(0), z.literal(1), z.literal(3), z.literal(99)]),
    status: z.enum(['Unknown', 'Pass', 'Fail', 'Other']),
    status_detail: z.string(),
  }),
  finding_info: z.object({
    uid: z.string().min(1),
    title: z.string().min(1),
    desc: z.string(),
    created_time: z.number().int().positive(),
    types: z.array(z.string()),
  }),
  resources: z
    .array(
      z.object({
        uid: z.string().min(1),
        name: z.string().optional(),
        type: z.string().min(1),
        region: z.string().min(1),
        cloud_partition: z.string().optional(),
        data: z.object({ resourceId: z.string(), arn: z.string().optional() }),
      }),
    )
    .min(1),
  cloud: z.object({
    provider: z.literal('AWS'),
    region: z.string().min(1),
    account: z.object({ uid: z.string().min(1), type: z.literal('AWS Account'), type_id: z.literal(10) }),
  }),
  metadata: z.object({
    version: z.literal(OCSF_VERSION),
    uid: z.string().min(1),
    product: z.object({ name: z.literal('Vigil'), vendor_name: z.string(), version: z.string() }),
    original_time: z.string(),
    logged_time: z.number().int().positive(),
  }),
  unmapped: z.object({
    evidence_key: z.string(),
    finding_hash: z.string(),
    sequence: z.number().int(),
    previous_hash: z.string().nullable(),
    compliance: z.string(),
    trigger: z.string(),
    event_id: z.string().optional(),
    capture_time: z.string(),
    exemption_tag: z.string().optional(),
    exemption_reason: z.string().optional(),
    acceptance_id: z.string().optional(),
    acceptance_owner: z.string().optional(),
    acceptance_expires_at: z.string().optional(),
    unregistered_exemption_tag: z.string().optional(),
  }),
});

/** A Vigil finding as an OCSF Compliance Finding. */
export type OcsfComplianceFinding = z.infer<typeof OcsfComplianceFindingSchema>;

const SEVERITY = {
  informational: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
} as const;

function severityOf(severity: string): (typeof SEVERITY)[keyof typeof SEVERITY] {
  return severity in SEVERITY ? SEVERITY[severity as keyof typeof SEVERITY] : SEVERITY.medium;
}

function complianceStatus(compliance: Finding['compliance']): {
  compliance: [0 | 1 | 3 | 99, 'Unknown' | 'Pass' | 'Fail' | 'Other'];
  finding: [1 | 4 | 99, 'New' | 'Resolved' | 'Other'];
} {
  switch (compliance) {
    case 'COMPLIANT':
      return { compliance: [1, 'Pass'], finding: [4, 'Resolved'] };
    case 'NON_COMPLIANT':
      return { compliance: [3, 'Fail'], finding: [1, 'New'] };
    case 'NOT_APPLICABLE':
      return { compliance: [99, 'Other'], finding: [99, 'Other'] };
    case 'ERROR':
      return { compliance: [0, 'Unknown'], finding: [99, 'Other'] };
    default: {
      const unreachable: never = compliance;
      throw new TypeError(`unknown compliance ${String(unreachable)}`);
    }
  }
}

/** `arn:aws-cn:s3:::b` → `aws-cn`. */
function partitionOf(arn: string | undefined): string | undefined {
  return arn?.startsWith('arn:') ? arn.split(':')[1] : undefined;
}

/**
 * Maps a stored finding to an OCSF 1.x Compliance Finding (class_uid 2003): the rule is the control, SOC 2
 * the standard and its criteria the requirements; Vigil's chain fields go to `unmapped`.
 * @see https://schema.ocsf.io/1.3.0/classes/compliance_finding
 */
export function toOcsf(finding: Finding, key: string, productVersion: string): OcsfComplianceFinding {
  const title = ruleTitleOf(finding.ruleId);
  const [severityId, severity] = severityOf(finding.severity);
  const status = complianceStatus(finding.compliance);
  // A failure on a resource tagged exempt from the rule is an accepted risk: still Fail, but suppressed.
  const findingStatus: [1 | 3 | 4 | 99, 'New' | 'Suppressed' | 'Resolved' | 'Other'] =
    (finding.acceptance !== undefined || finding.exemption !== undefined) &&
    finding.compliance === 'NON_COMPLIANT'
      ? [3, 'Suppressed']
      : status.finding;
  const evaluated = Date.parse(finding.evaluatedAt);
  const { resource } = finding;
  const partition = partitionOf(resource.arn);
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time: evaluated,
    severity_id: severityId,
    severity,
    status_id: findingStatus[0],
    status: findingStatus[1],
    message: `${title}: ${finding.compliance} on ${resource.resourceType} ${resource.resourceId}`,
    compliance: {
      control: finding.ruleId,
      standards: ['SOC 2'],
      requirements: [...finding.soc2],
      status_id: status.compliance[0],
      status: status.compliance[1],
      status_detail: finding.annotation,
    },
    finding_info: {
      uid: finding.hash,
      title,
      desc: finding.annotation,
      created_time: evaluated,
      types: ['Compliance', 'SOC 2'],
    },
    resources: [
      {
        uid: resource.arn ?? resource.resourceId,
        ...(resource.resourceName === undefined ? {} : { name: resource.resourceName }),
        type: resource.resourceType,
        region: resource.region,
        ...(partition === undefined ? {} : { cloud_partition: partition }),
        data: {
          resourceId: resource.resourceId,
          ...(resource.arn === undefined ? {} : { arn: resource.arn }),
        },
      },
    ],
    cloud: {
      provider: 'AWS',
      region: resource.region,
      account: { uid: resource.accountId, type: 'AWS Account', type_id: 10 },
    },
    metadata: {
      version: OCSF_VERSION,
      uid: finding.hash,
      product: { name: 'Vigil', vendor_name: 'Vigil', version: productVersion },
      original_time: finding.evaluatedAt,
      logged_time: evaluated,
    },
    unmapped: {
      evidence_key: key,
      finding_hash: finding.hash,
      sequence: finding.sequence,
      previous_hash: finding.previousHash,
      compliance: finding.compliance,
      trigger: finding.source.trigger,
      ...(finding.source.eventId === undefined ? {} : { event_id: finding.source.eventId }),
      capture_time: finding.configurationItem.captureTime,
      ...(finding.exemption === undefined
        ? {}
        : { exemption_tag: finding.exemption.tag, exemption_reason: finding.exemption.reason }),
      ...(finding.acceptance === undefined
        ? {}
        : {
            acceptance_id: finding.acceptance.id,
            acceptance_owner: finding.acceptance.owner,
            acceptance_expires_at: finding.acceptance.expiresAt,
          }),
      ...(finding.exemptionTag === undefined ? {} : { unregistered_exemption_tag: finding.exemptionTag.tag }),
    },
  };
}
