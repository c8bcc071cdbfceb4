/** The Backup SDK client, alone in its module so a runtime can import it on first use. */
export { BackupClient } from '@aws-sdk/client-backup';
