/** The GuardDuty SDK client, alone in its module so a runtime can import it on first use. */
export { GuardDutyClient } from '@aws-sdk/client-guardduty';
