import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

/** Runs a support file's contract suite in a child test runner; returns its exit status and the names of failed tests. */
function runSuite(supportFile: string) {
  const suite = fileURLToPath(new URL(`./support/${supportFile}`, import.meta.url));
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
  return { status: run.status, failed, output: run.stdout };
}

describe('the tax contract suite', () => {
  it('fails a plugin that computes tax on an inclusive price the exclusive way and does not round its totals', () => {
    const { status, failed, output } = runSuite('miscalculating-tax-plugin.js');
    assert.notEqual(status, 0);
    assert.ok(failed.includes('every line: taxable + tax = the tax-inclusive amount, no negative tax, components add up'), output);
    assert.ok(failed.includes('totals are the sums of the lines plus a round-off of at most half a rounding unit'), output);
  });
});

describe('the messaging contract suite for gateways that sign nothing', () => {
  it('fails a plugin that believes callbacks without checking the token in their URL', () => {
    const { status, failed, output } = runSuite('token-ignoring-sms-plugin.js');
    assert.notEqual(status, 0);
    // Only that test fails: the plugin is otherwise correct, so the suite blames the token and nothing else.
    const failedTests = new Set(failed.filter((name) => name !== 'failing tests:' && !name.startsWith('messaging contract')));
    assert.deepEqual([...failedTests], ['refuses a callback whose path token is wrong or missing'], output);
  });
});
