import { PluginError, PluginInputError } from '@dawa/plugin-sdk';
import { Problem } from '../common/problem.js';

/**
 * A storage provider's failure as the client sees it: a refused key or link is the caller's 400; a store that cannot
 * be reached, or refuses the chain's credentials, is a 502 naming what to fix (never a secret). Other errors go on as
 * they are.
 */
export function storageProblem(error: unknown): unknown {
  if (error instanceof PluginInputError) return Problem.validation(error.issues.map((i) => ({ field: i.field, message: i.message })));
  if (error instanceof PluginError) {
    return new Problem(502, 'file-storage-unavailable', 'File storage unavailable', error.message, { code: error.code });
  }
  return error;
}
