/**
 * The order bot model: plain typed data the CDK maps to `CfnBot` and the local simulator runs.
 */
export { BOT_LOCALE_IDS, BOT_MODEL, buildBotModel } from './model';
export * from './types';
export { SAMPLE_UTTERANCES } from './utterances';
