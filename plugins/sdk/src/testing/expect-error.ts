import assert from 'node:assert/strict';
import type { PluginError } from '../errors.js';

/**
 * Asserts that a call fails with the given PluginError code (checked by code, so it holds across SDK copies) and,
 * for input errors, that one of the issues names `field`.
 */
export async function rejectsWithCode(promise: Promise<unknown>, code: string, field?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const pluginError = error as PluginError & { issues?: Array<{ field: string }> };
    assert.equal(pluginError.code, code, `expected a ${code} error, got ${String(error)}`);
    if (field) {
      const fields = (pluginError.issues ?? []).map((issue) => issue.field);
      assert.ok(fields.includes(field), `expected an issue on ${field}, got ${fields.join(', ') || 'none'}`);
    }
    return true;
  });
}
