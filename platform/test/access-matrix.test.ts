import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abilityFor } from '../src/access/ability.factory.js';
import { asSubject, type Action } from '../src/access/ability.js';
import { accessibleWhere } from '../src/access/accessible-where.js';
import { ROLES, type RoleName } from '../src/access/roles.js';

const OWN = 'store-own';
const OTHER = 'store-other';

type Check = [
  label: string,
  action: Action,
  subject:
    | 'Store'
    | 'User'
    | 'AuditLog'
    | 'TenantSettings'
    | 'Notification'
    | 'NotificationTemplate'
    | 'NotificationOptOut'
    | 'Webhook'
    | 'Payment',
  record?: Record<string, unknown>,
];

const checks: Check[] = [
  ['read own store', 'read', 'Store', { id: OWN }],
  ['read other store', 'read', 'Store', { id: OTHER }],
  ['create store', 'create', 'Store'],
  ['update own store', 'update', 'Store', { id: OWN }],
  ['delete own store', 'delete', 'Store', { id: OWN }],
  ['read colleague', 'read', 'User', { id: 'u2', stores: [OWN] }],
  ['read other-store user', 'read', 'User', { id: 'u3', stores: [OTHER] }],
  ['create user', 'create', 'User', { stores: [OWN] }],
  ['update colleague', 'update', 'User', { id: 'u2', stores: [OWN] }],
  ['delete other-store user', 'delete', 'User', { id: 'u3', stores: [OTHER] }],
  ['read audit log', 'read', 'AuditLog'],
  ['change tenant settings', 'update', 'TenantSettings'],
  ['read own-store notification', 'read', 'Notification', { storeId: OWN }],
  ['read other-store notification', 'read', 'Notification', { storeId: OTHER }],
  ['run stock digests', 'create', 'Notification'],
  ['read notification templates', 'read', 'NotificationTemplate'],
  ['word notification templates', 'update', 'NotificationTemplate'],
  ['record an opt-out', 'create', 'NotificationOptOut'],
  ['read the webhook inbox', 'read', 'Webhook'],
  ['take an own-store gateway payment', 'create', 'Payment', { storeId: OWN }],
  ['take an other-store gateway payment', 'create', 'Payment', { storeId: OTHER }],
  ['read an other-store payment', 'read', 'Payment', { storeId: OTHER }],
];

// One row per role, one column per check above: the whole access policy at a glance.
const expected: Record<RoleName, string> = {
  owner: '1111111111111111111111',
  admin: '1111111111101111111111',
  store_manager: '1001010110001001010100',
  pharmacist: '1000010000000000000100',
  cashier: '1000010000000000000100',
  auditor: '1100011000101101001001',
};

describe('role × action matrix', () => {
  for (const role of ROLES) {
    it(`${role} may do exactly what the policy says`, () => {
      const ability = abilityFor({ id: 'u1', email: 'u1@x', name: 'U1', roles: [role], storeIds: [OWN] });
      const actual = checks
        .map(([, action, subject, record]) =>
          (record ? ability.can(action, asSubject(subject, record)) : ability.can(action, subject)) ? '1' : '0',
        )
        .join('');
      const diffs = checks
        .filter((_, i) => actual[i] !== expected[role][i])
        .map(([label], i) => `${label}: expected ${expected[role][checks.findIndex((c) => c[0] === label)]}`);
      assert.equal(actual, expected[role], `${role}: ${diffs.join('; ')}`);
    });
  }

  it('turns store conditions into SQL filters instead of filtering after loading', () => {
    const cashier = abilityFor({ id: 'u1', email: 'c@x', name: 'C', roles: ['cashier'], storeIds: [OWN] });
    assert.deepEqual(accessibleWhere(cashier, 'read', 'Store'), { id: { $in: [OWN] } });
    assert.deepEqual(accessibleWhere(cashier, 'read', 'User'), { $or: [{ id: 'u1' }, { stores: { $in: [OWN] } }] });
    assert.equal(accessibleWhere(cashier, 'read', 'AuditLog'), null);
    const admin = abilityFor({ id: 'u2', email: 'a@x', name: 'A', roles: ['admin'], storeIds: [] });
    assert.deepEqual(accessibleWhere(admin, 'read', 'User'), {});
  });

  it('unites the permissions of several roles', () => {
    const both = abilityFor({ id: 'u1', email: 'x@x', name: 'X', roles: ['cashier', 'auditor'], storeIds: [OWN] });
    assert.ok(both.can('read', asSubject('Store', { id: OTHER })));
    assert.ok(!both.can('update', asSubject('Store', { id: OWN })));
  });
});
