import { readFileSync } from 'node:fs';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
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
 * A CDK app with cdk.json's context that skips asset bundling (CDK's own `aws:cdk:bundling-stacks` switch)
 * and, unless asked, CDK's built-in CloudFormation validation (a WebAssembly engine that takes seconds per
 * synth), so construct tests run fast; `cdk synth` and the app test still do both for real.
 */
export function testApp(
  context: Record<string, unknown> = {},
  options: { readonly validate?: boolean } = {},
): App {
  return new App({
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: options.validate ?? false,
  });
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

/** `Key=Value` pairs of one environment's `parameter_overrides` in samconfig.toml. */
export function samOverrides(environment: string): Map<string, string> {
  const text = readFileSync(new URL('../../samconfig.toml', import.meta.url), 'utf8');
  const section = text.split(`[${environment}.deploy.parameters]`)[1]?.split(/\n\[/)[0] ?? '';
  const list = /parameter_overrides = \[([\s\S]*?)\]/.exec(section)?.[1] ?? '';
  return new Map(
    [...list.matchAll(/"([A-Za-z0-9]+)=([^"]*)"/g)].map((match) => [match[1] ?? '', match[2] ?? '']),
  );
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

/** A resource of a synthesized template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Readonly<Record<string, unknown>>;
  readonly Condition?: string;
}

/** The statements of a resource's `PolicyDocument` (IAM policy, bucket policy, …). */
export function policyDocumentStatements(resource: TemplateResource | undefined): IamStatement[] {
  const document = resource?.Properties.PolicyDocument as { readonly Statement?: IamStatement[] } | undefined;
  return document?.Statement ?? [];
}

/** Every resource of one type in the template, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, TemplateResource> {
  return template.findResources(type) as Record<string, TemplateResource>;
}

/** The logical id of a construct (or of its default CloudFormation resource) in its stack. */
export function logicalIdOf(stack: Stack, construct: IConstruct): string {
  const resource = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.resolve(resource.logicalId) as string;
}

/** The environment variables of the function with this logical id. */
export function functionEnvironment(template: Template, functionId: string): Record<string, unknown> {
  const properties = resourcesOf(template, 'AWS::Lambda::Function')[functionId]?.Properties as
    | { readonly Environment?: { readonly Variables?: Record<string, unknown> } }
    | undefined;
  return properties?.Environment?.Variables ?? {};
}

/** One IAM policy statement as synthesized. */
export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the IAM policies attached to the role with this logical id. */
export function iamStatements(template: Template, roleLogicalId: string): IamStatement[] {
  // CDK moves statements past an inline policy's size limit into overflow managed policies.
  return [
    ...Object.values(resourcesOf(template, 'AWS::IAM::Policy')),
    ...Object.values(resourcesOf(template, 'AWS::IAM::ManagedPolicy')),
  ]
    .filter((policy) =>
      ((policy.Properties.Roles ?? []) as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap((policy) => policyDocumentStatements(policy));
}
