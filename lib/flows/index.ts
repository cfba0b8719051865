/**
 * Contact flows as data: templates in `contact-flows/`, the typed renderer, notices, the
 * static checker with path properties, and diagrams. The CDK, the simulator and the CLIs
 * import from here.
 */
export * from './actions';
export * from './check';
export * from './consent-prompt';
export * from './diagram';
export * from './model';
export * from './notices';
export * from './placeholders';
export * from './properties';
export * from './render';
export * from './roles';
export * from './values';
