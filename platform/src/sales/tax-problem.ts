import { PluginInputError } from '@dawa/plugin-sdk';
import { Problem } from '../common/problem.js';

/** A tax plugin refusing its input (no HSN code, unknown state) is the caller's 422, field by field; anything else is rethrown as is. */
export function taxProblem(error: unknown, what: string): unknown {
  if (!(error instanceof PluginInputError)) return error;
  return Problem.unprocessable(`${what} cannot be taxed: ${error.message}`, 'tax-error', {
    errors: error.issues.map((i) => ({ field: i.field, message: i.message })),
  });
}
