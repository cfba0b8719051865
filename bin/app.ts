#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { createStacks } from '../lib/app';
import { CONFIG_KEYS, ConfigError, parseConfig } from '../lib/config';

// The only place that reads CDK context: validate it once into a typed config.
const app = new App();
const raw: Record<string, unknown> = {};
for (const key of CONFIG_KEYS) {
  const value = app.node.tryGetContext(key);
  if (value !== undefined) raw[key] = value;
}
try {
  const config = parseConfig(raw);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  createStacks(app, config, account && region ? { account, region } : undefined);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
