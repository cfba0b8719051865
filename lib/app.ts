import { type App, type Environment, Tags } from 'aws-cdk-lib';
import type { AppConfig } from './config';
import { AnalyticsStack } from './stacks/analytics-stack';
import { ContactCenterStack } from './stacks/contact-center-stack';
import { DataStack } from './stacks/data-stack';
import { ObservabilityStack } from './stacks/observability-stack';

/** The stacks of one phone-robot deployment. */
export interface PhoneRobotStacks {
  readonly data: DataStack;
  readonly contactCenter: ContactCenterStack;
  readonly analytics: AnalyticsStack;
  readonly observability: ObservabilityStack;
}

/**
 * Creates every phone-robot stack in `app` from a validated config. Used by `bin/app.ts`
 * and by the infrastructure tests, so both synthesize exactly the same thing.
 *
 * @param env account/region; left undefined, stacks are environment-agnostic
 */
export function createStacks(app: App, config: AppConfig, env?: Environment): PhoneRobotStacks {
  const prefix = `PhoneRobot-${config.stage}`;
  const common = { config, ...(env ? { env } : {}) };
  const data = new DataStack(app, `${prefix}-Data`, {
    ...common,
    description: 'phone-robot stateful data plane: keys, recording vault, tables, backup, audit trail',
  });
  const contactCenter = new ContactCenterStack(app, `${prefix}-ContactCenter`, {
    ...common,
    data,
    description: 'phone-robot contact center: Connect instance, consent-first flow, Lex order bot, Lambdas',
  });
  const analytics = new AnalyticsStack(app, `${prefix}-Analytics`, {
    ...common,
    data,
    contactCenter,
    description:
      'phone-robot analytics: CTR/orders/consents lake, transcription with PII redaction, Glue, Athena',
  });
  // Last: it watches the other stacks (pass further ones in watchedStacks).
  const observability = new ObservabilityStack(app, `${prefix}-Observability`, {
    ...common,
    data,
    contactCenter,
    watchedStacks: [analytics],
    description: 'phone-robot operations: alert topic, dashboard, alarms, security-event rules',
  });
  observability.alarmOnQueueDepth(analytics.transcription.deadLetters.queue, 'TranscriptionDeadLetters');
  observability.alarmOnQueueDepth(analytics.tableFeed.deadLetters.queue, 'LakeFeedDeadLetters');
  observability.alarmOnQueueDepth(analytics.afterCall.deadLetters.queue, 'AfterCallDeadLetters');
  observability.alarmOnQueueDepth(contactCenter.fulfilment.deadLetters.queue, 'OrderEventDeadLetters');
  observability.alarmOnQueueDepth(
    contactCenter.fulfilment.fulfilmentDeadLetters.queue,
    'FulfilmentDeadLetters',
  );
  Tags.of(app).add('project', 'phone-robot');
  Tags.of(app).add('stage', config.stage);
  return { data, contactCenter, analytics, observability };
}
