import type { AccountConfiguration } from '#shared/resources/account';
import {
  liveTrails,
  normalizeLogGroupArn,
  parseReadWriteType,
  readTrail,
  readWriteTypeCovers,
  TRAIL_RESOURCE_TYPE,
  type TrailSettings,
} from '#shared/resources/cloudtrail';
import { RuleParameterError } from '#shared/rules/parameters';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** Parameters of `multi-region-cloudtrail-enabled`; empty strings mean "any". */
export type MultiRegionCloudtrailEnabledParameters = {
  s3BucketName: string;
  snsTopicArn: string;
  cloudWatchLogsLogGroupArn: string;
  includeManagementEvents: boolean;
  readWriteType: string;
};

/** What disqualifies a trail, and what could not be judged because it was not collected. */
interface TrailReading {
  readonly problems: string[];
  readonly uncollected: string[];
}

function problemsOf(trail: TrailSettings, parameters: MultiRegionCloudtrailEnabledParameters): TrailReading {
  const problems: string[] = [];
  const uncollected: string[] = [];
  if (trail.logging === false) problems.push('logging is stopped');
  else if (trail.logging === undefined) uncollected.push('logging status not collected');
  if (parameters.s3BucketName !== '' && trail.s3BucketName !== parameters.s3BucketName) {
    problems.push(`delivers to bucket ${trail.s3BucketName ?? '(none)'}, not ${parameters.s3BucketName}`);
  }
  if (parameters.snsTopicArn !== '' && trail.snsTopicArn !== parameters.snsTopicArn) {
    problems.push(`notifies ${trail.snsTopicArn ?? 'no SNS topic'}, not ${parameters.snsTopicArn}`);
  }
  if (
    parameters.cloudWatchLogsLogGroupArn !== '' &&
    (trail.cloudWatchLogsLogGroupArn === undefined ||
      normalizeLogGroupArn(trail.cloudWatchLogsLogGroupArn) !==
        normalizeLogGroupArn(parameters.cloudWatchLogsLogGroupArn))
  ) {
    problems.push(`sends to log group ${trail.cloudWatchLogsLogGroupArn ?? '(none)'}`);
  }
  if (parameters.includeManagementEvents) {
    const required = parseReadWriteType(parameters.readWriteType);
    if (required === undefined) {
      throw new RuleParameterError(
        `rule multi-region-cloudtrail-enabled: readWriteType must be ReadOnly, WriteOnly or ALL, got ${JSON.stringify(parameters.readWriteType)}`,
        { context: { ruleId: 'multi-region-cloudtrail-enabled', parameter: 'readWriteType' } },
      );
    }
    const coverage = trail.managementEvents;
    if (coverage === undefined) {
      uncollected.push('custom event selectors not collected');
    } else if (
      coverage.readWriteType === undefined ||
      !readWriteTypeCovers(coverage.readWriteType, required)
    ) {
      const excluded = coverage.exclusions.map((exclusion) => `management selector ${exclusion}`);
      if (coverage.readWriteType !== undefined) {
        problems.push(
          `records only ${coverage.readWriteType} management events, not ${required}`,
          ...excluded,
        );
      } else {
        problems.push(...(excluded.length > 0 ? excluded : ['records no management events']));
      }
    }
  }
  return { problems, uncollected };
}

/**
 * At least one multi-region trail is logging and matches the optional parameters. Judged on the account
 * item from the inventory's trails (Vigil supplementary keys `TrailStatus` and `EventSelectors` /
 * `AdvancedEventSelectors`, see `TrailSupplementary`).
 * Readings chosen where the managed rule is vague: `includeManagementEvents` defaults to true and then the
 * trail must record management events of `readWriteType` (default `ALL`; a selector recording `All`
 * satisfies `ReadOnly`/`WriteOnly`), with no excluded event sources. A trail whose logging status or custom
 * selectors were not collected cannot be judged: when no trail qualifies and such a trail fails nothing else,
 * the verdict is NOT_APPLICABLE with the reason, never a failure.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html
 */
export const multiRegionCloudtrailEnabled = {
  id: 'multi-region-cloudtrail-enabled',
  title: 'At least one multi-region CloudTrail trail is logging management events',
  resourceTypes: [ACCOUNT_RESOURCE_TYPE],
  reads: [TRAIL_RESOURCE_TYPE],
  severity: 'high',
  managedRule: true,
  deviation:
    'AWS\'s page lists includeManagementEvents and readWriteType as optional with no default, and says the rule "is NON_COMPLIANT if the ExcludeManagementEventSources field is not empty"; Vigil defaults includeManagementEvents to true and readWriteType to ALL, so a multi-region trail must record read and write management events to pass, and it does not count a trail whose logging is stopped, which the page does not mention.',
  parameters: {
    s3BucketName: {
      type: 'string',
      default: '',
      description: 'S3 bucket the trail must deliver log files to (empty = any).',
    },
    snsTopicArn: {
      type: 'string',
      default: '',
      description: 'SNS topic ARN the trail must notify (empty = any).',
    },
    cloudWatchLogsLogGroupArn: {
      type: 'string',
      default: '',
      description: 'CloudWatch Logs log group ARN the trail must send events to (empty = any).',
    },
    includeManagementEvents: {
      type: 'boolean',
      default: true,
      description: 'Whether the trail must record management events.',
    },
    readWriteType: {
      type: 'string',
      default: 'ALL',
      description: 'Management events the trail must record: ReadOnly, WriteOnly or ALL.',
    },
  },
  rationale:
    'Without an account-wide trail, API activity in unused regions goes unrecorded and cannot be investigated.',
  remediationAdvice:
    'Create or update a trail with `aws cloudtrail update-trail --name <trail> --is-multi-region-trail`, record all management events (`put-event-selectors`), and run `aws cloudtrail start-logging --name <trail>`.',
  evaluate(_item, { parameters, inventory }) {
    const trails = liveTrails(inventory.itemsOfType(TRAIL_RESOURCE_TYPE)).map(readTrail);
    if (trails.length === 0) {
      return inventory.collects(TRAIL_RESOURCE_TYPE)
        ? nonCompliant('No CloudTrail trail is recorded in this account.')
        : notApplicable('CloudTrail trails were not collected (no trail describer on this path).');
    }
    const multiRegion = trails.filter((trail) => trail.multiRegion);
    if (multiRegion.length === 0) {
      const names = trails.map((trail) => trail.name).join(', ');
      return nonCompliant(`No multi-region trail; single-region trails: ${names}.`);
    }
    const verdicts = multiRegion.map((trail) => ({ trail, ...problemsOf(trail, parameters) }));
    const passing = verdicts.find(
      (verdict) => verdict.problems.length === 0 && verdict.uncollected.length === 0,
    );
    if (passing) {
      const coverage = passing.trail.managementEvents?.readWriteType;
      const events =
        parameters.includeManagementEvents && coverage ? `, recording ${coverage} management events` : '';
      return compliant(`Multi-region trail ${passing.trail.name} is logging${events}.`);
    }
    // Never a failure from data that was not collected: a trail that fails nothing Vigil read may qualify.
    const unknown = verdicts.filter((verdict) => verdict.problems.length === 0);
    if (unknown.length > 0) {
      const reasons = unknown.map((verdict) => `${verdict.trail.name}: ${verdict.uncollected.join(', ')}`);
      return notApplicable(`Cannot judge multi-region trails without their status. ${reasons.join('; ')}.`);
    }
    const reasons = verdicts.map(
      (verdict) => `${verdict.trail.name}: ${[...verdict.problems, ...verdict.uncollected].join(', ')}`,
    );
    return nonCompliant(`No multi-region trail qualifies. ${reasons.join('; ')}.`);
  },
} as const satisfies Rule<MultiRegionCloudtrailEnabledParameters, AccountConfiguration>;
