import {
  AssociatePhoneNumberContactFlowCommand,
  ConnectClient,
  DisassociatePhoneNumberContactFlowCommand,
} from '@aws-sdk/client-connect';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../lambdas/contracts/catalog';
import { createHandler, RESOURCE_TYPES } from '../../lambdas/deploy-hooks/handler';
import { freshTables, type LocalTables } from '../support/dynamo';

const context = {} as never;
const connect = mockClient(ConnectClient);

function cfnEvent(
  resourceType: string,
  requestType: 'Create' | 'Update' | 'Delete',
  props: Record<string, unknown>,
) {
  return {
    RequestType: requestType,
    ResponseURL: 'https://cloudformation-custom-resource-response.example.com/response',
    StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/PhoneRobot-dev-ContactCenter/abc',
    RequestId: 'req-1',
    LogicalResourceId: 'Hook',
    ResourceType: resourceType,
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'existing-id' }),
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:hooks', ...props },
  };
}

describe('deploy hooks', () => {
  let local: LocalTables;
  let db: DynamoDBDocumentClient;
  const sent: { url: string; body: Record<string, unknown> }[] = [];
  const handler = () =>
    createHandler({
      connect: new ConnectClient({ region: 'us-east-1' }),
      db,
      respond: async (url, body) => {
        sent.push({ url, body: JSON.parse(body) });
      },
    });

  beforeAll(async () => {
    local = await freshTables();
    db = DynamoDBDocumentClient.from(local.client);
  });
  beforeEach(() => {
    sent.length = 0;
    connect.reset();
  });

  it('syncs the catalog on create and keeps live stock on a later update', async () => {
    // Prepare
    const [first] = CATALOG.products;
    if (!first) throw new Error('empty catalog');
    const props = { TableName: local.names.catalog, CatalogHash: 'h1' };
    await handler()(cfnEvent(RESOURCE_TYPES.catalogSync, 'Create', props), context);
    await db.send(
      new UpdateCommand({
        TableName: local.names.catalog,
        Key: { sku: first.sku },
        UpdateExpression: 'SET stock = :s',
        ExpressionAttributeValues: { ':s': 1 },
      }),
    );
    // Act
    const result = await handler()(
      cfnEvent(RESOURCE_TYPES.catalogSync, 'Update', { ...props, CatalogHash: 'h2' }),
      context,
    );
    // Assess
    expect(result).toMatchObject({ Status: 'SUCCESS', Data: { Products: String(CATALOG.products.length) } });
    const item = await db.send(new GetCommand({ TableName: local.names.catalog, Key: { sku: first.sku } }));
    expect(item.Item?.stock).toBe(1);
    expect(item.Item?.names).toEqual(first.names);
    expect(sent[0]?.body.Status).toBe('SUCCESS');
  });

  it('routes the number to the flow on create and unroutes it on delete', async () => {
    // Prepare
    connect.on(AssociatePhoneNumberContactFlowCommand).resolves({});
    connect.on(DisassociatePhoneNumberContactFlowCommand).resolves({});
    const props = {
      PhoneNumberId: 'arn:aws:connect:us-east-1:111122223333:phone-number/pn-1',
      InstanceId: 'i-1',
      ContactFlowId: 'f-1',
    };
    // Act
    const created = await handler()(cfnEvent(RESOURCE_TYPES.phoneNumberRoute, 'Create', props), context);
    const deleted = await handler()(cfnEvent(RESOURCE_TYPES.phoneNumberRoute, 'Delete', props), context);
    // Assess
    expect(created.Status).toBe('SUCCESS');
    expect(connect.commandCalls(AssociatePhoneNumberContactFlowCommand)[0]?.args[0].input).toEqual(props);
    expect(deleted).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'existing-id' });
    expect(connect.commandCalls(DisassociatePhoneNumberContactFlowCommand)).toHaveLength(1);
  });

  it('treats an already released number as unrouted on delete', async () => {
    connect
      .on(DisassociatePhoneNumberContactFlowCommand)
      .rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    const result = await handler()(
      cfnEvent(RESOURCE_TYPES.phoneNumberRoute, 'Delete', {
        PhoneNumberId: 'p',
        InstanceId: 'i',
        ContactFlowId: 'f',
      }),
      context,
    );
    expect(result.Status).toBe('SUCCESS');
  });

  it('fails the resource with a reason instead of leaving CloudFormation waiting', async () => {
    // Prepare
    connect
      .on(AssociatePhoneNumberContactFlowCommand)
      .rejects(Object.assign(new Error('flow not published'), { name: 'InvalidParameterException' }));
    // Act
    const result = await handler()(
      cfnEvent(RESOURCE_TYPES.phoneNumberRoute, 'Create', {
        PhoneNumberId: 'p',
        InstanceId: 'i',
        ContactFlowId: 'f',
      }),
      context,
    );
    // Assess
    expect(result).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('flow not published') });
    expect(sent).toHaveLength(1);
  });

  it('rejects an unknown resource type and missing properties with FAILED', async () => {
    const unknown = await handler()(cfnEvent('Custom::Nope', 'Create', {}), context);
    const missing = await handler()(cfnEvent(RESOURCE_TYPES.catalogSync, 'Create', {}), context);
    expect(unknown).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('Custom::Nope') });
    expect(missing.Status).toBe('FAILED');
  });
});
