import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ComplianceMonitor, type ComplianceMonitorProps } from '#infra/compliance-monitor';

/** The feature flags and other context of cdk.json, so tests synthesize what `cdk synth` does. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/**
 * A CDK app with cdk.json's context that skips asset bundling (CDK's own `aws:cdk:bundling-stacks` switch),
 * so construct tests run in seconds; `cdk synth` still bundles for real.
 */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context } });
}

/** A monitor in a fresh stack, with the stack's template. */
export function synthMonitor(props: ComplianceMonitorProps = {}): {
  readonly stack: Stack;
  readonly monitor: ComplianceMonitor;
  readonly template: Template;
} {
  const stack = new Stack(testApp(), 'Test');
  const monitor = new ComplianceMonitor(stack, 'Monitor', props);
  return { stack, monitor, template: Template.fromStack(stack) };
}

/** One unacknowledged cdk-nag AwsSolutions finding. */
export interface NagViolation {
  readonly rule: string;
  readonly severity: string;
  readonly paths: readonly string[];
}

/** Every AwsSolutions error or warning cdk-nag reports for `scope` that no acknowledgement covers. */
export function awsSolutionsViolations(scope: IConstruct): NagViolation[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.map((violation) => ({
    rule: violation.ruleName,
    severity: violation.severity ?? 'unknown',
    paths: violation.violatingResources.map(
      (resource) => resource.constructPath ?? resource.resourceLogicalId ?? 'unknown',
    ),
  }));
}
