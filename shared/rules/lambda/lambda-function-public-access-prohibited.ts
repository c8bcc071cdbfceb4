import {
  describeStatement,
  findUnscopedServiceGrants,
  grantsPublicAccess,
  type PublicGrant,
} from '#shared/policy/analyzer';
import { type PolicyDocument, parsePolicyDocument } from '#shared/policy/policy-document';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/** The parts of an `AWS::Lambda::Function` configuration item this rule reads. */
export type FunctionConfiguration = {
  readonly functionName?: string;
  readonly functionArn?: string;
};

/**
 * The supplementary key holding the function's resource-based policy (`GetPolicy`), as AWS Config records
 * it: a JSON string, or an object once parsed. Absent when the function has no policy.
 */
export type FunctionPolicySupplement = {
  readonly Policy?: string | Readonly<Record<string, unknown>> | null;
};

function describeGrant(grant: PublicGrant): string {
  const who = grant.principal === 'not-principal' ? 'everyone via NotPrincipal' : 'Principal *';
  return `${describeStatement(grant.statement)} allows ${grant.actions.join(', ')} to ${who}`;
}

function describeUnscoped(policy: PolicyDocument, index: number, label: string): string {
  const services = policy.statements.find((statement) => statement.index === index)?.principal?.service ?? [];
  return `${label} lets ${services.join(', ') || 'a service'} act without aws:SourceAccount or aws:SourceArn`;
}

/**
 * Lambda function policies grant no public access. A statement fails when it is an Allow to everyone
 * (`*`, `{"AWS": "*"}`, a wildcard principal or NotPrincipal) for any action, unless a condition pins it
 * to fixed accounts, source ARNs, organizations or networks (see `shared/policy/analyzer`). A statement
 * granting a service principal without an `aws:SourceAccount`/`aws:SourceArn`-style condition fails too:
 * the managed rule says so for Amazon S3, and Vigil applies it to every service (the safer reading, since
 * any account's resource of that service could trigger the function). The policy is read from
 * `supplementaryConfiguration.Policy`; a function without one is COMPLIANT. A policy that cannot be
 * parsed makes the rule throw, so the engine reports an ERROR rather than a guess.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-public-access-prohibited.html
 */
export const lambdaFunctionPublicAccessProhibited = {
  id: 'lambda-function-public-access-prohibited',
  title: 'Lambda function policies grant no public access',
  resourceTypes: ['AWS::Lambda::Function'],
  severity: 'high',
  managedRule: true,
  deviation:
    'AWS\'s page counts a policy as public when "the principal element is empty or contains a wildcard", and adds that the rule is "also NON_COMPLIANT if a Lambda function is invoked from Amazon S3, and the policy doesn\'t include a condition to limit public access"; Vigil also fails a grant to any other service principal without an aws:SourceAccount/aws:SourceArn-style condition, since any account\'s resource of that service could then invoke the function.',
  parameters: {},
  rationale: 'A publicly invocable function can be run by anyone, leaking data or running up cost.',
  remediationAdvice:
    'Remove the public statement (`aws lambda remove-permission --function-name <fn> --statement-id <sid>`) and re-add it with a specific principal and `--source-account`/`--source-arn`.',
  evaluate(item) {
    const name = item.configuration?.functionName ?? item.resourceName ?? item.resourceId;
    // Config records `Policy` only for a function that has one, so a missing key means "no policy".
    const raw = (item.supplementaryConfiguration as FunctionPolicySupplement).Policy;
    if (raw === undefined || raw === null || raw === '') {
      return compliant(`Function ${name} has no resource-based policy.`);
    }
    const policy = parsePolicyDocument(raw);
    const findings = [
      ...grantsPublicAccess(policy).map(describeGrant),
      ...findUnscopedServiceGrants(policy).map((ref) =>
        describeUnscoped(policy, ref.index, describeStatement(ref)),
      ),
    ];
    if (findings.length === 0) {
      return compliant(
        `The policy of function ${name} grants access only to specific principals or sources.`,
      );
    }
    return nonCompliant(`The policy of function ${name} is public: ${findings.slice(0, 2).join('; ')}.`);
  },
} as const satisfies Rule<Record<string, never>, FunctionConfiguration>;
