import { AthenaClient } from '@aws-sdk/client-athena';
import { SNSClient } from '@aws-sdk/client-sns';
import { AthenaAuditQuery } from '../aws/athena-audit-query';
import { boundedClientConfig } from '../aws/clients';
import { SnsReportPublisher } from '../aws/sns-report-publisher';
import { ACCESS_REVIEW_ENV, ACCESS_REVIEW_IO_BUDGET } from '../contracts/env/access-review';
import { tracer } from '../edge/tracer';
import { createHandler } from './handler';

const env = ACCESS_REVIEW_ENV.parse(process.env);
const io = boundedClientConfig(ACCESS_REVIEW_IO_BUDGET);

/** The Lambda entry point of the weekly access review. */
export const handler = createHandler({
  query: new AthenaAuditQuery(tracer.captureAWSv3Client(new AthenaClient(io)), {
    workGroup: env.workGroup,
    namedQueryId: env.namedQueryId,
  }),
  publisher: new SnsReportPublisher(tracer.captureAWSv3Client(new SNSClient(io)), env.topicArn),
  expectations: {
    expectedReaderRoleArns: env.expectedReaderRoleArns,
    transcriptionStarterRoleArn: env.transcriptionStarterRoleArn,
  },
  workGroup: env.workGroup,
  runbookPointer: env.runbookPointer,
  clock: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});
