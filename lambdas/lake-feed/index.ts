import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../aws/s3-object-store';
import { LAKE_FEED_ENV } from '../contracts/env/lake-feed';
import { tracer } from '../edge/tracer';
import { createHandler } from './handler';

const env = LAKE_FEED_ENV.parse(process.env);

/** The Lambda entry point of the table-stream lake writer. */
export const handler = createHandler({
  tables: { [env.ordersTable]: 'orders', [env.ledgerTable]: 'consents' },
  lake: new S3ObjectStore(
    tracer.captureAWSv3Client(new S3Client({ maxAttempts: 6, retryMode: 'adaptive' })),
    env.lakeBucket,
  ),
});
