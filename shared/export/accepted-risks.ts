import { ACCEPTANCES_PREFIX } from '#shared/acceptances/register-chain';
import {
  type CheckedRegister,
  checkFindingAcceptance,
  checkRegisterChain,
} from '#shared/acceptances/verify-register';
import type { Finding } from '#shared/evidence/finding';
import type { EvidenceSource } from './evidence-source';

/** One resource–rule whose newest verdict in the period is an accepted failure, with its acceptance. */
export interface AcceptedRisk {
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly acceptanceId: string;
  readonly owner: string;
  readonly approver: string;
  readonly reason: string;
  readonly ticket?: string;
  readonly startsAt: string;
  readonly expiresAt: string;
  readonly revokedAt?: string;
  /** When the newest accepted finding was evaluated. */
  readonly lastEvaluatedAt: string;
}

/** A resource carrying a `vigil:exempt` tag for a rule that no acceptance allows (not exempt, reported). */
export interface UnregisteredExemptionTag {
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly tag: string;
  readonly reason: string;
  readonly lastEvaluatedAt: string;
}

/** Accepted risks per SOC 2 criterion, apart from passes and failures (summary.json `acceptedRisks`). */
export interface AcceptedRisksSummary {
  /** Resource–rule pairs whose newest verdict is an accepted failure, per criterion. */
  readonly criteria: readonly {
    readonly criterion: string;
    readonly accepted: number;
    readonly risks: readonly AcceptedRisk[];
  }[];
  /** Every acceptance the register chain held, with its status at the end of the period. */
  readonly register: readonly {
    readonly id: string;
    readonly ruleId: string;
    readonly resource: string;
    readonly accountId: string;
    readonly owner: string;
    readonly approver: string;
    readonly ticket?: string;
    readonly startsAt: string;
    readonly expiresAt: string;
    readonly revokedAt?: string;
  }[];
  readonly unregisteredExemptionTags: readonly UnregisteredExemptionTag[];
  /** Register changes in the bundle (under `acceptances/`), and problems of the chain or of findings' claims. */
  readonly registerChanges: number;
  readonly problems: readonly string[];
}

function pairKey(finding: Finding): string {
  const { accountId, region, resourceType, resourceId } = finding.resource;
  return [accountId, region, resourceType, resourceId, finding.ruleId].join('\u0000');
}

/**
 * Copies the register chain into a bundle (every `acceptances/` object, as stored) and checks it, so the
 * summary and `vigil verify` rebuild accepted risks from the locked chain, never from the state table.
 */
export async function copyRegister(
  source: EvidenceSource,
  copy: (path: string, bytes: Uint8Array) => Promise<string>,
): Promise<CheckedRegister> {
  const objects: { key: string; bytes: Uint8Array }[] = [];
  for await (const key of source.listKeys(ACCEPTANCES_PREFIX)) {
    const bytes = await source.read(key);
    if (bytes === undefined) continue;
    await copy(key, bytes);
    objects.push({ key, bytes });
  }
  return checkRegisterChain(objects);
}

/**
 * Keeps, per resource–rule, the newest finding's acceptance (or unregistered exemption tag), and yields the
 * accepted risks apart from passes and failures. Memory grows with the pairs, like the summary's.
 */
export class AcceptedRiskAggregator {
  readonly #register: CheckedRegister;
  readonly #latest = new Map<string, Finding>();
  readonly #problems: string[] = [];

  constructor(register: CheckedRegister) {
    this.#register = register;
    for (const problem of register.problems) this.#problems.push(`${problem.where}: ${problem.detail}`);
  }

  /** Adds one finding of the period; a claim of an acceptance the chain does not hold is a problem. */
  add(finding: Finding, where: string): void {
    const problem = checkFindingAcceptance(finding, this.#register, where);
    if (problem !== undefined) this.#problems.push(`${problem.where}: ${problem.detail}`);
    const key = pairKey(finding);
    const before = this.#latest.get(key);
    if (before === undefined || Date.parse(finding.evaluatedAt) >= Date.parse(before.evaluatedAt)) {
      this.#latest.set(key, finding);
    }
  }

  /** The summary section. */
  finish(): AcceptedRisksSummary {
    const byCriterion = new Map<string, AcceptedRisk[]>();
    const tags: UnregisteredExemptionTag[] = [];
    for (const finding of this.#latest.values()) {
      const { accountId, region, resourceType, resourceId } = finding.resource;
      // A tag exemption without an acceptance predates the register: it is listed with the unregistered tags.
      const tag = finding.exemptionTag ?? (finding.acceptance === undefined ? finding.exemption : undefined);
      if (tag !== undefined) {
        tags.push({
          ruleId: finding.ruleId,
          accountId,
          region,
          resourceType,
          resourceId,
          tag: tag.tag,
          reason: tag.reason,
          lastEvaluatedAt: finding.evaluatedAt,
        });
      }
      if (finding.acceptance === undefined || finding.compliance !== 'NON_COMPLIANT') continue;
      const entry = this.#register.byChangeHash.get(finding.acceptance.changeHash);
      if (entry === undefined) continue;
      const { acceptance } = entry;
      const risk: AcceptedRisk = {
        ruleId: finding.ruleId,
        accountId,
        region,
        resourceType,
        resourceId,
        acceptanceId: acceptance.id,
        owner: acceptance.owner,
        approver: acceptance.approver,
        reason: acceptance.reason,
        ...(acceptance.ticket === undefined ? {} : { ticket: acceptance.ticket }),
        startsAt: acceptance.startsAt,
        expiresAt: acceptance.expiresAt,
        ...(entry.revokedAt === undefined ? {} : { revokedAt: entry.revokedAt }),
        lastEvaluatedAt: finding.evaluatedAt,
      };
      for (const criterion of finding.soc2.length === 0 ? ['(none)'] : finding.soc2) {
        const list = byCriterion.get(criterion) ?? [];
        list.push(risk);
        byCriterion.set(criterion, list);
      }
    }
    const order = (
      a: { ruleId: string; resourceId: string },
      b: { ruleId: string; resourceId: string },
    ): number =>
      a.ruleId === b.ruleId ? (a.resourceId < b.resourceId ? -1 : 1) : a.ruleId < b.ruleId ? -1 : 1;
    return {
      criteria: [...byCriterion]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([criterion, risks]) => ({ criterion, accepted: risks.length, risks: risks.sort(order) })),
      register: [...this.#register.byChangeHash.values()]
        .map(({ acceptance, revokedAt }) => ({
          id: acceptance.id,
          ruleId: acceptance.ruleId,
          resource: acceptance.resource,
          accountId: acceptance.accountId,
          owner: acceptance.owner,
          approver: acceptance.approver,
          ...(acceptance.ticket === undefined ? {} : { ticket: acceptance.ticket }),
          startsAt: acceptance.startsAt,
          expiresAt: acceptance.expiresAt,
          ...(revokedAt === undefined ? {} : { revokedAt }),
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
      unregisteredExemptionTags: tags.sort(order),
      registerChanges: this.#register.changes.length,
      problems: this.#problems,
    };
  }
}

/** Accepted pairs of a criterion, for the per-criterion figures: accepted failures are not counted as open failures. */
export function acceptedCount(summary: AcceptedRisksSummary, criterion: string): number {
  return summary.criteria.find((entry) => entry.criterion === criterion)?.accepted ?? 0;
}

function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The report's "Accepted risks" section: per criterion, every accepted failure with its owner and dates. */
export function acceptedRisksHtml(summary: AcceptedRisksSummary | undefined): string {
  if (summary === undefined) return '';
  const rows = summary.criteria
    .flatMap(({ criterion, risks }) =>
      risks.map(
        (risk) =>
          `<tr><td>${htmlText(criterion)}</td><td><code>${htmlText(risk.ruleId)}</code></td><td>${htmlText(risk.resourceType)} ${htmlText(risk.resourceId)}</td><td>${htmlText(risk.accountId)} / ${htmlText(risk.region)}</td><td>${htmlText(risk.acceptanceId)}</td><td>${htmlText(risk.owner)}</td><td>${htmlText(risk.approver)}</td><td>${htmlText(risk.reason)}${risk.ticket === undefined ? '' : ` (${htmlText(risk.ticket)})`}</td><td>${htmlText(risk.startsAt)} to ${htmlText(risk.expiresAt)}${risk.revokedAt === undefined ? '' : `, revoked ${htmlText(risk.revokedAt)}`}</td></tr>`,
      ),
    )
    .join('\n');
  const table =
    rows === ''
      ? '<p id="accepted-risks">No accepted risk at the end of the period.</p>'
      : `<table id="accepted-risks"><thead><tr><th>Criterion</th><th>Rule</th><th>Resource</th><th>Account / region</th><th>Acceptance</th><th>Owner</th><th>Approver</th><th>Reason</th><th>In force</th></tr></thead><tbody>
${rows}
</tbody></table>`;
  const tags =
    summary.unregisteredExemptionTags.length === 0
      ? ''
      : `<h3>Exemption tags without a register entry (not exempt)</h3>
<table id="unregistered-exemption-tags"><thead><tr><th>Rule</th><th>Resource</th><th>Account / region</th><th>Tag</th><th>Stated reason</th></tr></thead><tbody>
${summary.unregisteredExemptionTags
  .map(
    (tag) =>
      `<tr><td><code>${htmlText(tag.ruleId)}</code></td><td>${htmlText(tag.resourceType)} ${htmlText(tag.resourceId)}</td><td>${htmlText(tag.accountId)} / ${htmlText(tag.region)}</td><td>${htmlText(tag.tag)}</td><td>${htmlText(tag.reason)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
  const problems =
    summary.problems.length === 0
      ? ''
      : `<p class="meta bad">The register chain or findings' claims of acceptances have ${summary.problems.length} problem(s); see manifest.json problems.</p>`;
  return `<h2>Accepted risks</h2>
<p class="note">Failures covered by a risk acceptance of the register (${summary.register.length} acceptance(s), ${summary.registerChanges} locked change(s) under acceptances/ in this bundle). They are counted as failures in the figures above and listed here apart, with who accepted them and until when.</p>
${problems}${table}${tags}`;
}
