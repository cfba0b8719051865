/** Data-subject requests: the service, its ports and adapters (DynamoDB, local files, S3). */
export * from './dynamo';
export * from './local';
export * from './policy';
export * from './s3';
export * from './service';
export * from './types';
