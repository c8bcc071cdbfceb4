import type * as events from 'aws-cdk-lib/aws-events';
import { CLOUDTRAIL_EXTRACTORS } from '#shared/describe/cloudtrail-refs';
import { pascalCase } from './naming';

/** One EventBridge pattern per service, matching exactly the CloudTrail write calls the describer follows. */
export function cloudTrailPatterns(): { readonly service: string; readonly pattern: events.EventPattern }[] {
  return Object.entries(CLOUDTRAIL_EXTRACTORS)
    .map(([eventSource, byName]) => {
      const service = eventSource.split('.')[0] ?? eventSource;
      return {
        service,
        pattern: {
          source: [`aws.${service}`],
          detailType: ['AWS API Call via CloudTrail'],
          // Named write calls only: read-only calls and S3 data events (Vigil's own evidence puts) never match.
          detail: { eventSource: [eventSource], eventName: Object.keys(byName).sort() },
        },
      };
    })
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** One EventBridge rule Vigil needs to see changes: its construct id, what it matches, and the pattern. */
export interface ChangeEventRoute {
  readonly id: string;
  /** What the rule matches, completed by where it sends it in the rule's description. */
  readonly matches: string;
  readonly pattern: events.EventPattern;
}

/**
 * The rules that bring Vigil every change it judges: AWS Config configuration item changes, then the
 * CloudTrail write calls of each service. The single-account stack, the central stack (on its organization
 * bus) and the member stack (forwarding to that bus) all route exactly these.
 */
export function changeEventRoutes(): ChangeEventRoute[] {
  return [
    {
      id: 'ConfigChanges',
      matches: 'AWS Config configuration item changes (oversized ones too)',
      // Oversized items arrive with the same detail-type and `messageType` OversizedConfigurationItem…
      pattern: { source: ['aws.config'], detailType: ['Config Configuration Item Change'] },
    },
    ...cloudTrailPatterns().map(({ service, pattern }) => ({
      id: `ApiCalls${pascalCase(service)}`,
      matches: `${service} write API calls (CloudTrail) that change what rules judge,`,
      pattern,
    })),
  ];
}
