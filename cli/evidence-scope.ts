import { ACCOUNT_ID_PATTERN, EVIDENCE_REGION_PATTERN } from '#shared/evidence/evidence-chains';
import { CliUsageError } from './command';

/**
 * The accounts and regions of the evidence a command is limited to (`--account`, `--evidence-region`, each
 * repeatable; not `--region`, where the clients connect), without repeats.
 * @throws CliUsageError naming the first value that is not an account id or a region name.
 */
export function parseEvidenceScope(
  command: string,
  values: { readonly account?: readonly string[]; readonly 'evidence-region'?: readonly string[] },
): { accounts: string[]; regions: string[] } {
  const list = (flag: string, given: readonly string[] | undefined, pattern: RegExp, what: string) => {
    const unique = [...new Set(given ?? [])];
    const bad = unique.find((value) => !pattern.test(value));
    if (bad !== undefined) throw new CliUsageError(`${command}: ${flag} '${bad}' is not ${what}`);
    return unique;
  };
  return {
    accounts: list('--account', values.account, ACCOUNT_ID_PATTERN, 'a 12-digit account id'),
    regions: list('--evidence-region', values['evidence-region'], EVIDENCE_REGION_PATTERN, 'a region name'),
  };
}
