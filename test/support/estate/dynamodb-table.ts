import { CreateTableCommand, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { logged } from './logged';
import type { PairSeeder } from './pair';

const KEY = {
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  BillingMode: 'PAY_PER_REQUEST' as const,
};

const LOGGED_KEY = {
  attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
  keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
  billingMode: 'PAY_PER_REQUEST',
};

/**
 * A table on the default AWS owned key without point-in-time recovery, beside a twin encrypted with the AWS
 * managed KMS key (`aws/dynamodb`) whose point-in-time recovery is turned on after creation.
 */
export const DYNAMODB_TABLE_SEEDER: PairSeeder = {
  resourceType: 'AWS::DynamoDB::Table',
  async seed(clients, { suffix }) {
    const dynamodb = await clients.client('dynamodb');
    const open = `vigil-table-open-${suffix}`;
    const closed = `vigil-table-closed-${suffix}`;
    const events = [];
    const created = await dynamodb.send(new CreateTableCommand({ TableName: open, ...KEY }));
    events.push({
      eventSource: 'dynamodb.amazonaws.com',
      eventName: 'CreateTable',
      requestParameters: { tableName: open, ...LOGGED_KEY },
      responseElements: logged({
        tableDescription: {
          tableName: open,
          tableArn: created.TableDescription?.TableArn,
          tableStatus: 'CREATING',
        },
      }),
    });
    const twin = await dynamodb.send(
      new CreateTableCommand({
        TableName: closed,
        ...KEY,
        SSESpecification: { Enabled: true, SSEType: 'KMS' },
      }),
    );
    events.push({
      eventSource: 'dynamodb.amazonaws.com',
      eventName: 'CreateTable',
      requestParameters: {
        tableName: closed,
        ...LOGGED_KEY,
        sSESpecification: { enabled: true, sSEType: 'KMS' },
      },
      responseElements: logged({
        tableDescription: {
          tableName: closed,
          tableArn: twin.TableDescription?.TableArn,
          tableStatus: 'CREATING',
          sSEDescription: { status: 'ENABLED', sSEType: 'KMS' },
        },
      }),
    });
    await dynamodb.send(
      new UpdateContinuousBackupsCommand({
        TableName: closed,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
    events.push({
      eventSource: 'dynamodb.amazonaws.com',
      eventName: 'UpdateContinuousBackups',
      requestParameters: {
        tableName: closed,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      },
      responseElements: {
        continuousBackupsDescription: {
          continuousBackupsStatus: 'ENABLED',
          pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'ENABLED' },
        },
      },
    });
    return {
      misconfigured: { resourceType: 'AWS::DynamoDB::Table', resourceId: open },
      compliant: { resourceType: 'AWS::DynamoDB::Table', resourceId: closed },
      failingRules: ['dynamodb-pitr-enabled', 'dynamodb-table-encrypted-kms'],
      events,
    };
  },
};
