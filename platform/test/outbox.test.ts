import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { systemScope, type TenantScope } from '../src/common/tenant-scope.js';
import { OutboxDispatcher } from '../src/outbox/outbox-dispatcher.js';
import { PermanentFailure, type OutboxEvent } from '../src/outbox/outbox-handler.js';
import { OutboxService } from '../src/outbox/outbox.service.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import type { TenantRef } from '../src/tenancy/tenant-ref.js';
import { listQuery } from './support/api-client.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What a handler did, as a user of the feature would see it: which payloads were delivered, how often. */
class RecordingHandler {
  readonly delivered: Array<{ tenant: string; payload: any; attempts: number }> = [];
  failuresLeft = new Map<string, number>();

  async handle(event: OutboxEvent<{ ref: string }>, scope: TenantScope): Promise<void> {
    const left = this.failuresLeft.get(event.payload.ref) ?? 0;
    if (left === Infinity) throw new PermanentFailure(`${event.payload.ref} can never be delivered`);
    if (left > 0) {
      this.failuresLeft.set(event.payload.ref, left - 1);
      throw new Error(`vendor unavailable for ${event.payload.ref}`);
    }
    this.delivered.push({ tenant: scope.tenant.slug, payload: event.payload, attempts: event.attempts });
  }

  count(ref: string): number {
    return this.delivered.filter((d) => d.payload.ref === ref).length;
  }
}

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Transactional outbox', () => {
  let app: TestApp;
  let india: TestTenant;
  let kenya: TestTenant;
  let indiaRef: TenantRef;
  let kenyaRef: TenantRef;
  let outbox: OutboxService;
  let dispatcher: OutboxDispatcher;
  let orm: MikroORM;
  const handler = new RecordingHandler();

  const scopeOf = (tenant: TenantRef) => systemScope(tenant, orm.em.fork({ schema: tenant.schemaName }), 'outbox-test');
  const emitCommitted = (tenant: TenantRef, ref: string, dedupeKey?: string) =>
    scopeOf(tenant).em.transactional((em) =>
      outbox.emit({ ...scopeOf(tenant), em }, { topic: 'test.delivery', payload: { ref }, dedupeKey }),
    );

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'outbox-india');
    kenya = await provisionTenant(app, 'outbox-kenya', { country: 'KE' });
    const nest = app.platform.app;
    outbox = nest.get(OutboxService);
    dispatcher = nest.get(OutboxDispatcher);
    orm = nest.get(MikroORM);
    dispatcher.register('test.delivery', handler, { maxAttempts: 3 });
    const registry = nest.get(TenantRegistry);
    indiaRef = (await registry.bySlug(india.slug))!;
    kenyaRef = (await registry.bySlug(kenya.slug))!;
  });
  after(() => app?.close());

  it('delivers an event emitted in a committed transaction by itself, soon after the commit', async () => {
    await emitCommitted(indiaRef, 'committed-1');
    await eventually(() => handler.count('committed-1') === 1, 'the background delivery');
    assert.equal(handler.delivered.find((d) => d.payload.ref === 'committed-1')?.tenant, india.slug);
  });

  it('never delivers what a rolled-back transaction emitted', async () => {
    await assert.rejects(
      scopeOf(indiaRef).em.transactional(async (em) => {
        await outbox.emit({ ...scopeOf(indiaRef), em }, { topic: 'test.delivery', payload: { ref: 'rolled-back' } });
        throw new Error('the sale failed');
      }),
      /the sale failed/,
    );
    await emitCommitted(indiaRef, 'after-rollback');
    await dispatcher.drain(indiaRef);
    assert.equal(handler.count('after-rollback'), 1);
    assert.equal(handler.count('rolled-back'), 0);
  });

  it('delivers each of many events exactly once while several drains race the background dispatcher', async () => {
    const refs = Array.from({ length: 60 }, (_, i) => `race-${i}`);
    await Promise.all(refs.map((ref) => emitCommitted(indiaRef, ref)));
    await Promise.all([dispatcher.drain(indiaRef), dispatcher.drain(indiaRef), dispatcher.drain()]);
    await dispatcher.drain(indiaRef);
    assert.deepEqual(
      refs.filter((ref) => handler.count(ref) !== 1),
      [],
    );
  });

  it('ignores the same intent emitted twice with one dedupe key', async () => {
    await emitCommitted(indiaRef, 'dedupe', 'sale-receipt:42');
    await emitCommitted(indiaRef, 'dedupe', 'sale-receipt:42');
    await dispatcher.drain(indiaRef);
    assert.equal(handler.count('dedupe'), 1);
  });

  it('retries a failing handler with backoff and delivers once it succeeds', async () => {
    handler.failuresLeft.set('flaky', 2);
    await emitCommitted(indiaRef, 'flaky');
    await dispatcher.drain(indiaRef);
    assert.equal(handler.count('flaky'), 0, 'the second attempt waits for its backoff');
    const schema = await schemaOf(app, india.slug);
    const [waiting] = await app.sql<{ attempts: number; last_error: string; wait: boolean }>(
      `select attempts, last_error, available_at > now() as wait from "${schema}".outbox_event where payload->>'ref' = 'flaky'`,
    );
    assert.deepEqual(waiting, { attempts: 1, last_error: 'vendor unavailable for flaky', wait: true });
    await dispatcher.drain(indiaRef, { ignoreBackoff: true });
    assert.equal(handler.count('flaky'), 1);
    assert.equal(handler.delivered.find((d) => d.payload.ref === 'flaky')?.attempts, 3);
  });

  it('hands an event whose process died mid-handling to another worker once the lease runs out', async () => {
    const schema = await schemaOf(app, india.slug);
    // What a worker killed after claiming leaves behind: attempts counted, lease taken, never acknowledged. Written
    // directly, so the live dispatcher cannot handle it before the lease is in place.
    await app.sql(
      `insert into "${schema}".outbox_event (topic, payload, attempts, locked_until)
       values ('test.delivery', '{"ref":"orphan"}', 1, now() + interval '5 minutes')`,
    );
    await dispatcher.drain(indiaRef);
    assert.equal(handler.count('orphan'), 0, 'a live lease is respected');
    await app.sql(`update "${schema}".outbox_event set locked_until = now() - interval '1 second' where payload->>'ref' = 'orphan'`);
    await dispatcher.drain(indiaRef);
    assert.equal(handler.count('orphan'), 1);
  });

  describe('parked events', () => {
    let admin: { token: string };
    let cashier: { token: string };
    let parkedId: string;

    before(async () => {
      admin = await createUser(app, india, 'admin@outbox.test', ['admin']);
      cashier = await createUser(app, india, 'cashier@outbox.test', ['cashier'], [await createStore(app, india, 'OBX-1')]);
      handler.failuresLeft.set('poison', Infinity);
      handler.failuresLeft.set('exhausted', 5);
      await emitCommitted(indiaRef, 'poison');
      await emitCommitted(indiaRef, 'exhausted');
      await dispatcher.drain(indiaRef, { ignoreBackoff: true });
    });

    it('parks a poison event at once and a failing one after its attempts, and shows both to admins with the reason', async () => {
      const res = await app.api.get(`/api/v1/outbox${listQuery({ filter: { status: 'parked' } })}`, {
        tenant: india.slug,
        token: admin.token,
      });
      assert.equal(res.status, 200);
      const byRef = new Map(res.body.map((e: any) => [e.payload.ref, e]));
      assert.deepEqual([...byRef.keys()].sort(), ['exhausted', 'poison']);
      assert.equal((byRef.get('poison') as any).attempts, 1);
      assert.equal((byRef.get('poison') as any).lastError, 'poison can never be delivered');
      assert.equal((byRef.get('exhausted') as any).attempts, 3);
      assert.match(res.headers.get('content-range') ?? '', /^outbox 0-1\/2$/);
      parkedId = (byRef.get('exhausted') as any).id;
      assert.equal(handler.count('poison') + handler.count('exhausted'), 0);
    });

    it('lets an admin retry a parked event once the cause is fixed, and refuses to retry what is not parked', async () => {
      handler.failuresLeft.set('exhausted', 0);
      const retried = await app.api.post(`/api/v1/outbox/${parkedId}/retry`, {}, { tenant: india.slug, token: admin.token });
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      assert.equal(retried.body.status, 'pending');
      await eventually(() => handler.count('exhausted') === 1, 'the retried event');
      assertProblem(
        await app.api.post(`/api/v1/outbox/${parkedId}/retry`, {}, { tenant: india.slug, token: admin.token }),
        409,
        'outbox-not-parked',
      );
      assertProblem(await app.api.post(`/api/v1/outbox/not-a-number/retry`, {}, { tenant: india.slug, token: admin.token }), 404);
      const audit = await app.api.get(`/api/v1/audit-logs${listQuery({ filter: { action: 'outbox.retried' } })}`, {
        tenant: india.slug,
        token: admin.token,
      });
      assert.equal(audit.body.length, 1);
    });

    it('keeps the outbox from cashiers and from other tenants', async () => {
      assertProblem(await app.api.get('/api/v1/outbox', { tenant: india.slug, token: cashier.token }), 403);
      const theirs = await app.api.get('/api/v1/outbox', { tenant: kenya.slug, token: kenya.ownerToken });
      assert.equal(theirs.status, 200);
      assert.deepEqual(theirs.body, []);
      const poison = (
        await app.api.get(`/api/v1/outbox${listQuery({ filter: { status: 'parked' } })}`, { tenant: india.slug, token: admin.token })
      ).body[0];
      assertProblem(await app.api.post(`/api/v1/outbox/${poison.id}/retry`, {}, { tenant: kenya.slug, token: kenya.ownerToken }), 404);
      assertProblem(
        await app.api.get(`/api/v1/outbox${listQuery({ filter: { status: 'lost' } })}`, { tenant: india.slug, token: admin.token }),
        400,
      );
    });
  });

  it("runs each tenant's events in that tenant's scope only", async () => {
    await emitCommitted(kenyaRef, 'kenya-only');
    await dispatcher.drain(kenyaRef);
    assert.deepEqual(
      handler.delivered.filter((d) => d.payload.ref === 'kenya-only').map((d) => d.tenant),
      [kenya.slug],
    );
  });
});
