/** The EC2 SDK client, alone in its module so a runtime can import it on first use. */
export { EC2Client } from '@aws-sdk/client-ec2';
