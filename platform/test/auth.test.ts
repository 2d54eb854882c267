import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totpAt } from '../src/identity/totp.js';
import {
  assertProblem,
  createStore,
  createUser,
  login,
  operatorToken,
  PASSWORD,
  provisionTenant,
  schemaOf,
  type TestTenant,
} from './support/fixtures.js';
import { OPERATOR, startTestApp, type TestApp } from './support/test-app.js';

describe('staff sign-in, sessions and MFA', () => {
  let app: TestApp;
  let t: TestTenant;
  let storeId: string;

  before(async () => {
    app = await startTestApp();
    t = await provisionTenant(app, 'auth-chain');
    storeId = await createStore(app, t, 'AU-1');
  });
  after(() => app?.close());

  const signIn = (email: string, password = PASSWORD, totp?: string) =>
    app.api.post('/api/v1/auth/login', { email, password, ...(totp ? { totp } : {}) }, { tenant: t.slug });

  it('signs in with the exact contract and answers me', async () => {
    await createUser(app, t, 'kavita@auth.test', ['cashier'], [storeId]);
    const res = await signIn('Kavita@Auth.test');
    assert.equal(res.status, 200);
    assert.equal(res.body.expiresIn, 900);
    assert.equal(typeof res.body.refreshToken, 'string');
    assert.deepEqual(
      { ...res.body.user, id: undefined },
      { id: undefined, email: 'kavita@auth.test', name: 'kavita', roles: ['cashier'], storeIds: [storeId] },
    );
    const me = await app.api.get('/api/v1/auth/me', { tenant: t.slug, token: res.body.accessToken });
    assert.equal(me.body.email, 'kavita@auth.test');
    assertProblem(await signIn('kavita@auth.test', 'wrong-password'), 401, 'invalid-credentials');
    assertProblem(await signIn('nobody@auth.test', 'whatever-password'), 401, 'invalid-credentials');
  });

  it('rotates refresh tokens and revokes the whole family when a spent one is replayed', async () => {
    await createUser(app, t, 'rotate@auth.test', ['pharmacist'], [storeId]);
    const first = (await signIn('rotate@auth.test')).body;
    const second = await app.api.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken }, { tenant: t.slug });
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refreshToken, first.refreshToken);
    const third = await app.api.post('/api/v1/auth/refresh', { refreshToken: second.body.refreshToken }, { tenant: t.slug });
    assert.equal(third.status, 200);
    // An attacker replays the first (spent) token: the family dies, including the legitimate newest token.
    assertProblem(
      await app.api.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken }, { tenant: t.slug }),
      401,
      'refresh-token-reused',
    );
    assertProblem(
      await app.api.post('/api/v1/auth/refresh', { refreshToken: third.body.refreshToken }, { tenant: t.slug }),
      401,
      'session-revoked',
    );
    assertProblem(await app.api.get('/api/v1/auth/me', { tenant: t.slug, token: third.body.accessToken }), 401, 'session-revoked');
    // Other sessions of the same person are untouched.
    assert.equal((await signIn('rotate@auth.test')).status, 200);
  });

  it('ends the session on logout, access token included', async () => {
    const session = (await signIn('kavita@auth.test')).body;
    const out = await app.api.post('/api/v1/auth/logout', undefined, { tenant: t.slug, token: session.accessToken });
    assert.equal(out.status, 204);
    assertProblem(await app.api.get('/api/v1/auth/me', { tenant: t.slug, token: session.accessToken }), 401);
    assertProblem(await app.api.post('/api/v1/auth/refresh', { refreshToken: session.refreshToken }, { tenant: t.slug }), 401);
  });

  it('locks an account after five failed sign-ins, even against the right password', async () => {
    await createUser(app, t, 'target@auth.test', ['cashier'], [storeId]);
    for (let i = 0; i < 5; i++) assertProblem(await signIn('target@auth.test', `guess-number-${i}`), 401);
    const locked = await signIn('target@auth.test');
    assertProblem(locked, 423, 'account-locked');
    assert.ok(Number(locked.headers.get('retry-after')) > 800);
    const schema = await schemaOf(app, t.slug);
    await app.sql(`update "${schema}".app_user set locked_until = now() - interval '1 second' where email = 'target@auth.test'`);
    assert.equal((await signIn('target@auth.test')).status, 200, 'once the lock has passed the right password works');
    const [row] = await app.sql<{ failed_login_count: number }>(
      `select failed_login_count from "${schema}".app_user where email = 'target@auth.test'`,
    );
    assert.equal(row.failed_login_count, 0, 'and a success resets the count');
  });

  it('enrols TOTP, then demands the code at every sign-in', async () => {
    const user = await createUser(app, t, 'mfa@auth.test', ['store_manager'], [storeId]);
    const enrol = await app.api.post('/api/v1/auth/mfa/enrol', undefined, { tenant: t.slug, token: user.token });
    assert.equal(enrol.status, 200);
    assert.match(enrol.body.otpauthUrl, /^otpauth:\/\/totp\//);
    const now = Math.floor(Date.now() / 1000);
    assertProblem(
      await app.api.post('/api/v1/auth/mfa/verify', { code: totpAt(enrol.body.secret, now - 600) }, { tenant: t.slug, token: user.token }),
      400,
    );
    const verified = await app.api.post(
      '/api/v1/auth/mfa/verify',
      { code: totpAt(enrol.body.secret, now) },
      { tenant: t.slug, token: user.token },
    );
    assert.equal(verified.status, 200);
    assertProblem(await signIn('mfa@auth.test'), 401, 'mfa-required');
    assertProblem(await signIn('mfa@auth.test', PASSWORD, '000000'), 401, 'invalid-totp');
    const ok = await signIn('mfa@auth.test', PASSWORD, totpAt(enrol.body.secret, now));
    assert.equal(ok.status, 200);
    const [row] = await app.sql<{ mfa_secret: string }>(
      `select mfa_secret from "${await schemaOf(app, t.slug)}".app_user where email = 'mfa@auth.test'`,
    );
    assert.ok(!row.mfa_secret.includes(enrol.body.secret), 'the TOTP seed is encrypted at rest');
  });

  it('holds owners and admins at enrolment when the tenant requires MFA', async () => {
    const strict = await provisionTenant(app, 'strict-chain', { settings: { mfaRequiredForAdmins: true } });
    const login = await app.api.post('/api/v1/auth/login', { email: strict.ownerEmail, password: PASSWORD }, { tenant: strict.slug });
    assert.equal(login.body.mfaEnrolmentRequired, true);
    const token = login.body.accessToken;
    assertProblem(await app.api.get('/api/v1/stores', { tenant: strict.slug, token }), 403, 'mfa-enrolment-required');
    const me = await app.api.get('/api/v1/auth/me', { tenant: strict.slug, token });
    assert.equal(me.body.mfaEnrolmentRequired, true);
    const enrol = await app.api.post('/api/v1/auth/mfa/enrol', undefined, { tenant: strict.slug, token });
    await app.api.post('/api/v1/auth/mfa/verify', { code: totpAt(enrol.body.secret, Date.now() / 1000) }, { tenant: strict.slug, token });
    assert.equal(
      (await app.api.get('/api/v1/stores', { tenant: strict.slug, token })).status,
      200,
      'enrolled: the same session now reaches everything',
    );
    assertProblem(
      await app.api.post('/api/v1/auth/login', { email: strict.ownerEmail, password: PASSWORD }, { tenant: strict.slug }),
      401,
      'mfa-required',
    );
  });

  it('changes a password and signs out the other devices', async () => {
    const user = await createUser(app, t, 'change@auth.test', ['cashier'], [storeId]);
    const otherDevice = await login(app, t.slug, 'change@auth.test');
    assertProblem(
      await app.api.post(
        '/api/v1/auth/password',
        { currentPassword: 'not-it-at-all', newPassword: 'brand-new-password' },
        { tenant: t.slug, token: user.token },
      ),
      400,
    );
    const changed = await app.api.post(
      '/api/v1/auth/password',
      { currentPassword: PASSWORD, newPassword: 'brand-new-password' },
      { tenant: t.slug, token: user.token },
    );
    assert.equal(changed.status, 204);
    assert.equal((await app.api.get('/api/v1/auth/me', { tenant: t.slug, token: user.token })).status, 200, 'this device stays signed in');
    assertProblem(await app.api.get('/api/v1/auth/me', { tenant: t.slug, token: otherDevice }), 401);
    assertProblem(await signIn('change@auth.test'), 401);
    assert.equal((await signIn('change@auth.test', 'brand-new-password')).status, 200);
  });

  it('keeps operator and staff tokens apart', async () => {
    const op = await operatorToken(app);
    assertProblem(await app.api.get('/api/v1/stores', { tenant: t.slug, token: op }), 401, 'invalid-token');
    assertProblem(await app.api.get('/api/v1/platform/tenants', { token: t.ownerToken }), 401, 'invalid-token');
    const tenants = await app.api.get('/api/v1/platform/tenants', { token: op });
    assert.equal(tenants.status, 200);
    assertProblem(await app.api.post('/api/v1/platform/auth/login', { email: OPERATOR.email, password: 'wrong-password-x' }), 401);
  });
});

describe('sign-in rate limit (Redis)', () => {
  let app: TestApp;
  let t: TestTenant;

  before(async () => {
    app = await startTestApp({ DAWA_AUTH_RATE_LIMIT: '5', DAWA_AUTH_RATE_WINDOW_SECONDS: '60' });
    t = await provisionTenant(app, 'limited-chain');
  });
  after(() => app?.close());

  it('answers 429 with Retry-After once a client exceeds the limit, shared across processes through Redis', async () => {
    const second = await import('./support/test-app.js').then((m) =>
      m.startTestApp({ DAWA_AUTH_RATE_LIMIT: '5', DAWA_REDIS_KEY_PREFIX: app.platform.config.env.DAWA_REDIS_KEY_PREFIX }, app.databaseUrl),
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const target = i % 2 === 0 ? app.api : second.api;
        statuses.push(
          (await target.post('/api/v1/auth/login', { email: `x${i}@limited.test`, password: 'whatever-it-is' }, { tenant: t.slug })).status,
        );
      }
      // The fixture's owner sign-in spent one of the five attempts of this window.
      assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
      const limited = await app.api.post('/api/v1/auth/login', { email: t.ownerEmail, password: PASSWORD }, { tenant: t.slug });
      assertProblem(limited, 429, 'rate-limited');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    } finally {
      await second.close();
    }
  });
});
