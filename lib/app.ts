import { type App, type Environment, Tags } from 'aws-cdk-lib';
import type { AppConfig } from './config';
import { ContactCenterStack } from './stacks/contact-center-stack';
import { DataStack } from './stacks/data-stack';

/** The stacks of one phone-robot deployment. */
export interface PhoneRobotStacks {
  readonly data: DataStack;
  readonly contactCenter: ContactCenterStack;
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
  Tags.of(app).add('project', 'phone-robot');
  Tags.of(app).add('stage', config.stage);
  return { data, contactCenter };
}
