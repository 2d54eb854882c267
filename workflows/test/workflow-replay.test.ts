import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../src/index.js';

/**
 * Histories recorded with the workflow code as it was before a patched change (`test/histories/`), replayed with the
 * code as it is now: the patches must keep executions that were already running deterministic. Record a new history
 * here whenever a change is guarded by `patched()`: run the previous commit's compiled workflows in a worker against
 * a dev server with faked activities, drive one execution through the paths the change touches, and save
 * `JSON.stringify(await handle.fetchHistory())`. The two here come from commit 1e89b24: a review escalated once, then
 * claimed, released and rejected; a provisioning through its eight steps.
 */
const recorded = (name: string) => JSON.parse(readFileSync(new URL(`../../test/histories/${name}.json`, import.meta.url), 'utf8'));
// Decoded here rather than by the SDK's JSON reader, which trips over the two protobufjs copies the SDK packages install.
const history = (json: unknown) => proto.temporal.api.history.v1.History.fromObject(json as object);

describe('running executions replay across patched changes', () => {
  it('replays a review started before every unclaimed wait escalated (claimed, released, rejected; escalated once)', async () => {
    await Worker.runReplayHistory({ workflowsPath }, history(recorded('prescription-review-first-wait-only')));
  });

  it('replays a provisioning that ran the eight steps from before the catalogue and schedules steps', async () => {
    await Worker.runReplayHistory({ workflowsPath }, history(recorded('provision-tenant-eight-steps')));
  });

  it('would notice a history the current code cannot produce', async () => {
    const changed = recorded('provision-tenant-eight-steps');
    const scheduled = changed.events.filter(
      (e: { activityTaskScheduledEventAttributes?: unknown }) => e.activityTaskScheduledEventAttributes,
    );
    scheduled[0].activityTaskScheduledEventAttributes.activityType.name = 'provisionSomethingElse';
    await assert.rejects(Worker.runReplayHistory({ workflowsPath }, history(changed)), /[Nn]ondetermin/);
  });
});
