import type { TestProject } from 'vitest/node';
import { type DynamoLocal, startDynamoLocal } from '../../local/dynamo-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the DynamoDB Local process shared by the whole run. */
    dynamoEndpoint: string;
  }
}

let dynamo: DynamoLocal | undefined;

/** Starts one DynamoDB Local for the whole test run; each test file makes its own tables. */
export async function setup(project: TestProject): Promise<void> {
  dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

/** Stops DynamoDB Local. */
export async function teardown(): Promise<void> {
  await dynamo?.stop();
}
