import { type RestApiStageConfiguration, stageLabel } from '#shared/resources/apigateway';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/**
 * REST API stages present a client SSL certificate to their backends, and one of `CertificateIDs` when
 * that parameter is set. The managed rule skips stages whose integrations are not of type HTTP; a
 * configuration item does not record integrations, so every stage is judged here (the safer reading).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/api-gw-ssl-enabled.html
 */
export const apiGwSslEnabled = {
  id: 'api-gw-ssl-enabled',
  title: 'REST API stages authenticate to their backends with a client certificate',
  resourceTypes: ['AWS::ApiGateway::Stage'],
  severity: 'medium',
  managedRule: true,
  deviation:
    'AWS\'s page says the rule "returns NOT_APPLICABLE if the GetIntegration API returns an integration type other than HTTP"; a configuration item does not record integrations, so Vigil judges every REST API stage, and fails one without a client certificate whatever its integrations.',
  parameters: {
    CertificateIDs: {
      type: 'string-list',
      default: [],
      description: 'Client certificate ids a stage may use, comma-separated; empty accepts any certificate.',
    },
  },
  rationale:
    'A client certificate lets the backend prove requests come from API Gateway and not from the internet.',
  remediationAdvice:
    'Generate a client certificate (`aws apigateway generate-client-certificate`), attach it to the stage (`aws apigateway update-stage --patch-operations op=replace,path=/clientCertificateId,value=<id>`) and make the backend verify it.',
  evaluate(item, { parameters }) {
    const label = stageLabel(item, item.configuration?.stageName);
    // GetStage (and Config) leave clientCertificateId out for a stage without one: failing it is right.
    const certificate = item.configuration?.clientCertificateId;
    if (!certificate) return nonCompliant(`${label} has no client certificate.`);
    const allowed = parameters.CertificateIDs;
    if (allowed.length > 0 && !allowed.includes(certificate)) {
      return nonCompliant(
        `${label} uses client certificate ${certificate}, not one of ${allowed.join(', ')}.`,
      );
    }
    return compliant(`${label} uses client certificate ${certificate}.`);
  },
} as const satisfies Rule<{ CertificateIDs: readonly string[] }, RestApiStageConfiguration>;
