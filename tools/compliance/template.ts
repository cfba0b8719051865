/** One CloudFormation resource as synthesized. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A synthesized template, by stack. */
export interface StackTemplate {
  readonly stack: string;
  readonly resources: Readonly<Record<string, TemplateResource>>;
}
