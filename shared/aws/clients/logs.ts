/** The CloudWatch Logs SDK client, alone in its module so a runtime can import it on first use. */
export { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
