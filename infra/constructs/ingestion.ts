import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { VigilFunction } from '../vigil-function';
import { changeEventRoutes } from './change-events';
import { transparentToLogicalIds } from './logical-ids';
import { DEFAULT_ORGANIZATION_BUS_NAME, type Organization } from './organization';
import { consumeWorkQueue, createWorkQueue } from './work-queue';

/** Properties of {@link Ingestion}. */
export interface IngestionProps {
  /** Timeout of the evaluator that reads the change queue. */
  readonly evaluatorTimeout: Duration;
  readonly encryptionKey: kms.IKey;
  readonly alertTopic: sns.ITopic;
  /** Receives of a change event before its dead-letter queue. */
  readonly maxReceiveCount: number;
  /**
   * Organization mode: the member stacks forward their events to a bus here that admits only the
   * organization, and the rules listen there instead of on this account's default bus.
   */
  readonly organization: Organization | undefined;
}

/** Batching window of the evaluator's event source. */
const BATCHING_WINDOW = Duration.seconds(1);

/**
 * How changes reach the evaluator: EventBridge rules for AWS Config item changes and the CloudTrail write
 * calls rules care about (on the default bus, or in organization mode on the organization bus the member
 * stacks forward to), into the change queue (with its dead-letter queue, also the rules' dead-letter
 * target, and alarm), which the evaluator reads ({@link feed}). The rules come from {@link routeChanges},
 * called once the evidence store's protection exists: each target queue's key gets a statement for
 * EventBridge, and a deployed key policy must keep its statements in order. Transparent to logical ids.
 */
export class Ingestion extends Construct {
  /** Config and CloudTrail change events waiting for the evaluator. */
  readonly queue: sqs.Queue;
  /** Change events the evaluator failed `maxReceiveCount` times, or EventBridge could not deliver. */
  readonly deadLetterQueue: sqs.Queue;
  /** The change queue's dead-letter alarm. */
  readonly deadLetterAlarm: cloudwatch.Alarm;
  /** Organization mode: the bus the member stacks forward their events to. */
  readonly organizationBus: events.EventBus | undefined;
  private routes: events.Rule[] | undefined;

  constructor(scope: Construct, id: string, props: IngestionProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    const queues = createWorkQueue(this, 'Change', {
      encryptionKey: props.encryptionKey,
      // Six times the evaluator's timeout plus the batching window, as AWS recommends for SQS event sources.
      visibilityTimeout: Duration.seconds(
        props.evaluatorTimeout.toSeconds() * 6 + BATCHING_WINDOW.toSeconds(),
      ),
      maxReceiveCount: props.maxReceiveCount,
      alertTopic: props.alertTopic,
    });
    this.queue = queues.queue;
    this.deadLetterQueue = queues.deadLetterQueue;
    this.deadLetterAlarm = queues.deadLetterAlarm;
    this.organizationBus =
      props.organization === undefined ? undefined : this.createOrganizationBus(props.organization);
  }

  /**
   * Lets the evaluator read the change queue in batches of 10, reporting partial batch failures, and send it
   * the delayed describes of its settle windows (`CHANGE_QUEUE_URL`, `sqs:SendMessage`).
   */
  feed(evaluator: VigilFunction): void {
    consumeWorkQueue(evaluator, this.queue, { batchSize: 10, maxBatchingWindow: BATCHING_WINDOW });
    iam.Grant.addToPrincipal({
      grantee: evaluator.role,
      // The queue's key is covered by grantKeyUse; grantSendMessages would add kms:ReEncrypt* on top.
      actions: ['sqs:SendMessage'],
      resourceArns: [this.queue.queueArn],
    });
    evaluator.function.addEnvironment('CHANGE_QUEUE_URL', this.queue.queueUrl);
  }

  /** The EventBridge rules feeding the change queue: Config item changes, then CloudTrail API calls. */
  get rules(): readonly events.Rule[] {
    return this.routes ?? [];
  }

  /** Creates the rules (once): every route of {@link changeEventRoutes} into the change queue. */
  routeChanges(): readonly events.Rule[] {
    if (this.routes !== undefined) return this.routes;
    const target = new targets.SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue });
    this.routes = changeEventRoutes().map(
      (route) =>
        new events.Rule(this, route.id, {
          description: `Vigil: ${route.matches} to the change queue`,
          eventBus: this.organizationBus,
          eventPattern: route.pattern,
          targets: [target],
        }),
    );
    return this.routes;
  }

  /**
   * The central bus: the member stacks' rules put their events here (through a role in each member
   * account), and its policy admits `events:PutEvents` only from principals of the organization.
   */
  private createOrganizationBus(organization: Organization): events.EventBus {
    const bus = new events.EventBus(this, 'OrganizationBus', {
      eventBusName: DEFAULT_ORGANIZATION_BUS_NAME,
      description:
        'Vigil: AWS Config and CloudTrail events forwarded by the member stacks of the organization',
    });
    bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowOrganizationPutEvents',
        principals: [new iam.StarPrincipal()],
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': organization.organizationId } },
      }),
    );
    return bus;
  }
}
