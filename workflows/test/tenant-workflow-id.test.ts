import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { belongsToTenant, tenantWorkflowId } from '../src/index.js';

describe('tenant workflow ids', () => {
  const a = '0b6f6c1e-1111-4a4a-8a8a-000000000001';
  const b = '0b6f6c1e-2222-4a4a-8a8a-000000000002';

  it('prefix the tenant and belong only to it', () => {
    const id = tenantWorkflowId(a, 'provisioning', 'tenant');
    assert.equal(id, `${a}/provisioning/tenant`);
    assert.equal(belongsToTenant(id, a), true);
    assert.equal(belongsToTenant(id, b), false);
  });

  it("refuse ids that only look like a tenant's", () => {
    for (const id of [
      `${a}/provisioning/tenant/extra`,
      `${a}/unknown-kind/x`,
      `${a}/provisioning/`,
      `${a}`,
      `${a}x/provisioning/t`,
      `/provisioning/t`,
    ]) {
      assert.equal(belongsToTenant(id, a), false, id);
    }
    assert.throws(() => tenantWorkflowId(a, 'provisioning', '../other'), /Invalid workflow key/);
    assert.throws(() => tenantWorkflowId(a, 'provisioning', ''), /Invalid workflow key/);
  });
});
