import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

describe('the tax contract suite', () => {
  it('fails a plugin that computes tax on an inclusive price the exclusive way and does not round its totals', () => {
    const suite = fileURLToPath(new URL('./support/miscalculating-tax-plugin.js', import.meta.url));
    // A test file run by node's runner is told so through NODE_TEST_CONTEXT; the child must run as a runner of its own.
    const { NODE_TEST_CONTEXT: _parent, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', suite], { encoding: 'utf8', env });
    const failed = run.stdout
      .split('\n')
      .filter((line) => line.trim().startsWith('✖'))
      .map((line) =>
        line
          .trim()
          .replace(/^✖ /, '')
          .replace(/ \([\d.]+ms\)$/, ''),
      );
    assert.notEqual(run.status, 0);
    assert.ok(failed.includes('every line: taxable + tax = the tax-inclusive amount, no negative tax, components add up'), run.stdout);
    assert.ok(failed.includes('totals are the sums of the lines plus a round-off of at most half a rounding unit'), run.stdout);
  });
});
