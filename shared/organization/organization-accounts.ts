import { type OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { VigilError } from '#shared/errors';

/** The organization's accounts could not be listed. */
export class OrganizationAccountsError extends VigilError {
  override readonly name: string = 'OrganizationAccountsError';
}

/**
 * Every ACTIVE account of the organization (`ListAccounts`, all pages), sorted. The caller must be the
 * management account or a delegated administrator. Suspended or closing accounts are left out: their
 * member roles cannot be assumed.
 */
export async function listActiveAccounts(client: OrganizationsClient): Promise<string[]> {
  const accounts: string[] = [];
  try {
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        const state = account.State ?? account.Status;
        if (account.Id !== undefined && state === 'ACTIVE') accounts.push(account.Id);
      }
    }
  } catch (error) {
    throw new OrganizationAccountsError(
      `cannot list the organization's accounts (the central account must be the management account or a delegated administrator): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return accounts.sort();
}
