#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { createStacks } from '../lib/app';
import { ConfigError, parseConfig, resolveContext } from '../lib/config';

// The only place that reads CDK context: validate it once into a typed config.
const app = new App();
try {
  const raw = resolveContext(app.node.getAllContext(), (path) => readFileSync(path, 'utf8'));
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
