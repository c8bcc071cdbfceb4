import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { VigilFunction, type VigilRuntimeSettings } from '../vigil-function';
import { grantJudging, type JudgeAccess } from './evaluation';
import { transparentToLogicalIds } from './logical-ids';

/** Properties of {@link Sweep}. */
export interface SweepProps extends JudgeAccess {
  readonly settings: VigilRuntimeSettings;
  readonly logRetention: RetentionDays;
  readonly schedule: events.Schedule;
  /** Timeout of the sweep. */
  readonly timeout: Duration;
}

/** The scheduled sweep: re-reads and re-evaluates every supported resource. Transparent to logical ids. */
export class Sweep extends Construct {
  /** Re-reads and re-evaluates every resource on a schedule. */
  readonly planner: VigilFunction;
  /** The sweep's schedule. */
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SweepProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    this.planner = new VigilFunction(this, 'Sweep', {
      entry: 'functions/sweep.ts',
      description: 'Vigil: re-reads and re-evaluates every supported resource on a schedule',
      settings: props.settings,
      encryptionKey: props.store.key,
      timeout: props.timeout,
      memorySize: 1024,
      logRetention: props.logRetention,
      environment: props.remediation.requestEnvironment,
    });
    grantJudging(this.planner, props);
    this.rule = new events.Rule(this, 'SweepSchedule', {
      description: 'Vigil: scheduled sweep of every supported resource',
      schedule: props.schedule,
      targets: [
        new targets.LambdaFunction(this.planner.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.planner.deadLetterQueue,
        }),
      ],
    });
  }
}
