import type { Alert, Notifier } from '#shared/alerts/alert';
import { SECURITY_HUB_TRANSITIONS, toAsffFinding } from './asff';
import type { SecurityHubPublisher } from './publisher';

/**
 * The Security Hub alert channel: each status change (and each remediation that ran) becomes the ASFF
 * finding of its resource–rule pair, imported so Security Hub always shows the latest status. Alerts that
 * change no status (a planned remediation, an expiring acceptance) are not imported.
 */
export class SecurityHubNotifier implements Notifier {
  readonly #publisher: SecurityHubPublisher;
  readonly #productArn: string;

  constructor(options: { readonly publisher: SecurityHubPublisher; readonly productArn: string }) {
    this.#publisher = options.publisher;
    this.#productArn = options.productArn;
  }

  /**
   * Imports the alert's finding.
   * @throws SecurityHubMappingError (not retryable) when the alert cannot be a finding; SecurityHubError or
   * SecurityHubImportError when Security Hub did not take it.
   */
  async notify(alert: Alert): Promise<void> {
    if (!SECURITY_HUB_TRANSITIONS.includes(alert.transition)) return;
    await this.#publisher.publish([toAsffFinding(alert, this.#productArn)]);
  }
}
