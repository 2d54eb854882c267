/**
 * Errors a plugin throws so the host can answer the right way without knowing the plugin: bad input becomes a 4xx
 * with field errors, an unreachable vendor a 502/503, a forged webhook a 401. The `code` is stable; messages are for
 * people.
 */
export class PluginError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem with one field, in the platform's problem+json shape (`lines.2.taxClass`). */
export interface FieldIssue {
  field: string;
  message: string;
}

function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
}

/** A request to an extension point that the plugin cannot act on (unknown tax class, negative amount...). */
export class PluginInputError extends PluginError {
  constructor(readonly issues: readonly FieldIssue[]) {
    super('invalid_input', describeIssues(issues));
  }
}

/** A tenant's plugin configuration that does not match the plugin's config schema. */
export class PluginConfigError extends PluginError {
  constructor(
    readonly pluginName: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super('invalid_config', `Invalid configuration for plugin ${pluginName}: ${describeIssues(issues)}`);
  }
}

/** A plugin package whose definition is malformed; raised by definePlugin() when the package is loaded. */
export class PluginDefinitionError extends PluginError {
  constructor(
    readonly pluginName: string,
    readonly problems: readonly string[],
  ) {
    super('invalid_plugin', `Plugin ${pluginName || '(unnamed)'} is not a valid Dawa plugin: ${problems.join('; ')}`);
  }
}

/** A webhook or callback whose signature (or path token) does not verify: the host must not act on it. */
export class WebhookVerificationError extends PluginError {
  constructor(message: string) {
    super('webhook_unverified', message);
  }
}
