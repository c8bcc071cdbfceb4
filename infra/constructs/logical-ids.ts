import { createHash } from 'node:crypto';
import { AspectPriority, Aspects, CfnElement, type IAspect, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The sub-constructs left out of logical ids (see {@link transparentToLogicalIds}). */
const TRANSPARENT = new WeakSet<IConstruct>();

// CDK's id scheme (aws-cdk-lib core/lib/private/uniqueid.ts, unchanged since CDK v1): path components
// without `Default`, a human part without `Resource` and repeated suffixes, and an MD5 hash of the path.
const HIDDEN_ID = 'Default';
const HIDDEN_FROM_HUMAN_ID = 'Resource';
const HASH_LENGTH = 8;
const MAX_HUMAN_LENGTH = 240;
const MAX_ID_LENGTH = 255;

function alphanumeric(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '');
}

function withoutRepeats(components: readonly string[]): string[] {
  const kept: string[] = [];
  for (const component of components) {
    if (kept.length === 0 || !kept[kept.length - 1]?.endsWith(component)) kept.push(component);
  }
  return kept;
}

/** The id CDK derives from a construct path (`makeUniqueId`): logical ids and `Names.nodeUniqueId`. */
export function uniqueIdOfPath(components: readonly string[]): string {
  const visible = components.filter((component) => component !== HIDDEN_ID);
  const [only] = visible;
  if (visible.length === 1 && only !== undefined && alphanumeric(only).length <= MAX_ID_LENGTH) {
    return alphanumeric(only);
  }
  const hash = createHash('md5').update(visible.join('/')).digest('hex').slice(0, HASH_LENGTH).toUpperCase();
  const human = withoutRepeats(visible)
    .filter((component) => component !== HIDDEN_FROM_HUMAN_ID)
    .map(alphanumeric)
    .join('')
    .slice(0, MAX_HUMAN_LENGTH);
  return `${human}${hash}`;
}

/** The ids of `construct`'s path from just below `from` (exclusive), transparent sub-constructs left out. */
function keptPath(construct: IConstruct, from: IConstruct | undefined): string[] {
  const scopes = construct.node.scopes;
  const start = from === undefined ? 1 : scopes.indexOf(from) + 1;
  return scopes
    .slice(start)
    .filter((scope) => !TRANSPARENT.has(scope))
    .map((scope) => scope.node.id);
}

/** The logical id a resource keeps: the one it would have without the transparent sub-constructs above it. */
export function keptLogicalId(element: CfnElement): string {
  return uniqueIdOfPath(keptPath(element, Stack.of(element)));
}

/**
 * `Names.nodeUniqueId` without the transparent sub-constructs: for construct ids CDK derives from another
 * construct's unique id (an SQS event source mapping's, from its queue's).
 */
export function keptUniqueId(construct: IConstruct): string {
  return uniqueIdOfPath(keptPath(construct, undefined));
}

/** Overrides the logical id of every resource below a transparent sub-construct. */
class KeepLogicalIds implements IAspect {
  visit(node: IConstruct): void {
    if (!CfnElement.isCfnElement(node)) return;
    const element = node as CfnElement;
    if (element.node.scopes.some((scope) => TRANSPARENT.has(scope))) {
      element.overrideLogicalId(keptLogicalId(element));
    }
  }
}

/**
 * Makes a sub-construct transparent to CloudFormation logical ids, the way CDK hides a construct whose id
 * is `Default` (which only one child of a scope can have): every resource under it, including those added
 * later (a role's default policy), keeps the logical id it would have as a child of the sub-construct's
 * scope. ComplianceMonitor is composed of such parts so that a stack deployed before they existed keeps
 * every resource: a new logical id makes CloudFormation create a second resource and delete the first,
 * which for the evidence bucket would be a disaster and for a named SSM parameter fails the update.
 * Children of different transparent parts of one scope therefore need distinct ids (a clash fails the
 * synth: "Section 'Resources' already contains …").
 */
export function transparentToLogicalIds(part: IConstruct): void {
  if (TRANSPARENT.has(part)) return;
  TRANSPARENT.add(part);
  Aspects.of(part).add(new KeepLogicalIds(), { priority: AspectPriority.MUTATING });
}
