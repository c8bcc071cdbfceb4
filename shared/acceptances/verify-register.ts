import type { Finding } from '#shared/evidence/finding';
import { acceptanceCovers } from './acceptance';
import {
  applyChange,
  inForce,
  parseChangeDocument,
  type RegisterChange,
  type RegisterEntry,
  sequenceOfKey,
} from './register-chain';

/** A problem with the register chain or with a finding's claim of an acceptance. */
export interface RegisterProblem {
  readonly kind: 'broken-chain' | 'malformed' | 'missing' | 'forged-acceptance';
  readonly where: string;
  readonly detail: string;
}

/** The register as its locked chain holds it, and what is wrong with the chain. */
export interface CheckedRegister {
  /** Entries by the hash of their `accepted` change (what findings quote). */
  readonly byChangeHash: ReadonlyMap<string, RegisterEntry>;
  readonly changes: readonly RegisterChange[];
  readonly problems: readonly RegisterProblem[];
}

/**
 * Checks the register chain from its change objects (key and bytes, any order): each object parses with its
 * hash, sits at the key of its sequence, sequences run from 1 without gaps, each `previousHash` is the hash
 * of the change before, and each change fits the register (no second `accepted` of an id, no change of an
 * unknown one). The entries are rebuilt from the chain alone, never from the state table.
 */
export function checkRegisterChain(
  objects: readonly { key: string; bytes: Uint8Array | string }[],
): CheckedRegister {
  const problems: RegisterProblem[] = [];
  const bySequence = new Map<number, { change: RegisterChange; key: string }>();
  for (const object of objects) {
    const text = typeof object.bytes === 'string' ? object.bytes : Buffer.from(object.bytes).toString('utf8');
    const parsed = parseChangeDocument(text);
    if ('problem' in parsed) {
      problems.push({ kind: 'malformed', where: object.key, detail: `register change ${parsed.problem}` });
      continue;
    }
    const sequence = sequenceOfKey(object.key);
    if (sequence !== parsed.change.sequence) {
      problems.push({
        kind: 'broken-chain',
        where: object.key,
        detail: `register change #${parsed.change.sequence} is stored at the key of #${String(sequence)}`,
      });
      continue;
    }
    bySequence.set(sequence, { change: parsed.change, key: object.key });
  }
  const entries = new Map<string, RegisterEntry>();
  const byChangeHash = new Map<string, RegisterEntry>();
  const changes: RegisterChange[] = [];
  const newest = Math.max(0, ...bySequence.keys());
  let previousHash: string | null = null;
  for (let sequence = 1; sequence <= newest; sequence++) {
    const found = bySequence.get(sequence);
    if (found === undefined) {
      problems.push({
        kind: 'missing',
        where: `acceptances/#${sequence}`,
        detail: `register change #${sequence} is missing (the chain runs to #${newest})`,
      });
      previousHash = null;
      continue;
    }
    const { change, key } = found;
    if (sequence > 1 && previousHash !== null && change.previousHash !== previousHash) {
      problems.push({
        kind: 'broken-chain',
        where: key,
        detail: `previousHash ${String(change.previousHash)} is not the hash of #${sequence - 1} (${previousHash})`,
      });
    } else if (sequence === 1 && change.previousHash !== null) {
      problems.push({ kind: 'broken-chain', where: key, detail: '#1 must have previousHash null' });
    }
    previousHash = change.hash;
    const applied = applyChange(entries.get(change.acceptanceId), change);
    if ('problem' in applied) {
      problems.push({ kind: 'broken-chain', where: key, detail: applied.problem });
      continue;
    }
    entries.set(change.acceptanceId, applied.entry);
    changes.push(change);
  }
  for (const entry of entries.values()) byChangeHash.set(entry.changeHash, entry);
  return { byChangeHash, changes, problems };
}

/**
 * Whether a finding's claim of an acceptance holds: the `accepted` change it quotes is in the chain, with the
 * same id, owner and expiry; the acceptance covers the finding's rule and resource; and it was in force (begun,
 * not expired, not revoked) when the finding was evaluated. A finding marked under an acceptance
 * that delegates to tags must name the tag. Returns the problem, or `undefined` when the claim holds or there is none.
 */
export function checkFindingAcceptance(
  finding: Finding,
  register: CheckedRegister,
  where: string,
): RegisterProblem | undefined {
  const claim = finding.acceptance;
  // A tag `exemption` without an acceptance is a finding from before the register, when a tag exempted by
  // itself: legitimate then, and listed by the export with the unregistered tags.
  if (claim === undefined) return undefined;
  const entry = register.byChangeHash.get(claim.changeHash);
  const forged = (detail: string): RegisterProblem => ({ kind: 'forged-acceptance', where, detail });
  if (entry === undefined || entry.acceptance.id !== claim.id) {
    return forged(
      `finding claims acceptance ${claim.id} (change ${claim.changeHash.slice(0, 16)}) that the register chain does not hold`,
    );
  }
  const { acceptance } = entry;
  if (acceptance.owner !== claim.owner || acceptance.expiresAt !== claim.expiresAt) {
    return forged(`finding quotes acceptance ${claim.id} with owner or expiry other than the register's`);
  }
  const target = {
    ruleId: finding.ruleId,
    accountId: finding.resource.accountId,
    region: finding.resource.region,
    resourceId: finding.resource.resourceId,
    ...(finding.resource.arn === undefined ? {} : { arn: finding.resource.arn }),
  };
  if (!acceptanceCovers(acceptance, target)) {
    return forged(
      `acceptance ${claim.id} does not cover ${finding.ruleId} on ${finding.resource.resourceId}`,
    );
  }
  const evaluatedAt = new Date(finding.evaluatedAt);
  if (!inForce(entry, evaluatedAt)) {
    return forged(
      `acceptance ${claim.id} was not in force at ${finding.evaluatedAt} (from ${acceptance.startsAt} to ${acceptance.expiresAt}${entry.revokedAt === undefined ? '' : `, revoked ${entry.revokedAt}`})`,
    );
  }
  if (acceptance.allowTagExemption && finding.exemption === undefined) {
    return forged(`acceptance ${claim.id} covers only tagged resources, and the finding names no tag`);
  }
  return undefined;
}
