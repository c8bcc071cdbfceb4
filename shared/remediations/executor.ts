import { CALL_IAM_ACTIONS, type CallName, type PlannedCall } from './calls';
import { RemediationCallError, RemediationError } from './errors';
import type { RemediationPorts } from './ports';
import type { Remediation } from './remediation';

/** A planned call is outside the catalog, deletes something, or needs a permission its remediation does not declare. */
export class ForbiddenCallError extends RemediationError {
  override readonly name: string = 'ForbiddenCallError';
}

/** Operation names that remove data or resources; never allowed, even if someone adds one to the catalog. */
const DESTRUCTIVE_OPERATION =
  /^(Delete|Remove|Terminate|Deregister|Purge|Destroy|Release|Disassociate|Detach|Cancel|Schedule)/;

/**
 * Checks a call at run time, whatever its static type claims: its `service:Operation` must be in the
 * catalog, must not be destructive, and its IAM action must be one its remediation declares.
 * @throws ForbiddenCallError otherwise.
 */
export function assertAllowedCall(
  call: unknown,
  remediation: Pick<Remediation, 'ruleId' | 'permissions'>,
): asserts call is PlannedCall {
  const candidate = call as { service?: unknown; operation?: unknown; input?: unknown } | null;
  const service = typeof candidate?.service === 'string' ? candidate.service : '?';
  const operation = typeof candidate?.operation === 'string' ? candidate.operation : '?';
  const name = `${service}:${operation}`;
  const context = { ruleId: remediation.ruleId, call: name };
  if (!Object.hasOwn(CALL_IAM_ACTIONS, name)) {
    throw new ForbiddenCallError(`${remediation.ruleId} planned ${name}, which is not in the call catalog`, {
      context,
    });
  }
  if (DESTRUCTIVE_OPERATION.test(operation)) {
    throw new ForbiddenCallError(`${remediation.ruleId} planned ${name}, which deletes or removes`, {
      context,
    });
  }
  if (candidate?.input === null || typeof candidate?.input !== 'object') {
    throw new ForbiddenCallError(`${remediation.ruleId} planned ${name} without an input`, { context });
  }
  const action = CALL_IAM_ACTIONS[name as CallName];
  if (!remediation.permissions.includes(action)) {
    throw new ForbiddenCallError(`${remediation.ruleId} planned ${name} but does not declare ${action}`, {
      context,
    });
  }
}

/**
 * Sends one planned call through its service port.
 * @throws RemediationCallError when AWS refuses it or reports it unsuccessful.
 */
export async function executeCall(ports: RemediationPorts, call: PlannedCall): Promise<void> {
  // The union of ports cannot be indexed by the union of calls without widening; the catalog check
  // above and the mapped port types keep each operation paired with its own input.
  const port = ports[call.service] as Readonly<Record<string, (input: unknown) => Promise<void>>>;
  const send = port[call.operation];
  if (send === undefined) {
    throw new ForbiddenCallError(`no port for ${call.service}:${call.operation}`, {
      context: { call: `${call.service}:${call.operation}` },
    });
  }
  try {
    await send(call.input);
  } catch (error) {
    if (error instanceof RemediationError) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new RemediationCallError(`${call.service}:${call.operation} failed: ${message}`, {
      cause: error,
      context: { call: `${call.service}:${call.operation}` },
    });
  }
}
