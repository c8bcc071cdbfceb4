import type { Rule } from '#shared/rules/rule';
import { cloudfrontAccesslogsEnabled } from './cloudfront-accesslogs-enabled';
import { cloudfrontAssociatedWithWaf } from './cloudfront-associated-with-waf';
import { cloudfrontDefaultRootObjectConfigured } from './cloudfront-default-root-object-configured';
import { cloudfrontNoDeprecatedSslProtocols } from './cloudfront-no-deprecated-ssl-protocols';
import { cloudfrontSecurityPolicyCheck } from './cloudfront-security-policy-check';
import { cloudfrontSniEnabled } from './cloudfront-sni-enabled';
import { cloudfrontTrafficToOriginEncrypted } from './cloudfront-traffic-to-origin-encrypted';
import { cloudfrontViewerPolicyHttps } from './cloudfront-viewer-policy-https';

/** cloudfront rules. */
export const cloudfrontRules: readonly Rule[] = [
  cloudfrontViewerPolicyHttps,
  cloudfrontAccesslogsEnabled,
  cloudfrontDefaultRootObjectConfigured,
  cloudfrontAssociatedWithWaf,
  cloudfrontSecurityPolicyCheck,
  cloudfrontTrafficToOriginEncrypted,
  cloudfrontNoDeprecatedSslProtocols,
  cloudfrontSniEnabled,
];
