/** Assurance: the compliance report (controls C1-C13) and the cost model. */

export * from '../cost/cost-model';
export * from './collect';
export * from './controls';
export * from './document';
export * from './dsar-check';
export * from './evidence';
export * from './report';
