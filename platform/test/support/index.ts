export * from './api-client.js';
export * from './fixtures.js';
export * from './test-app.js';
export * from './catalog-fixtures.js';
export * from './api-process.js';
export * from './inventory-fixtures.js';
export * from './sales-fixtures.js';
export * from './prescription-fixtures.js';
export * from './medicines-sample.js';
export * from './payment-fake.js';
export * from './payment-fixtures.js';
/** The authenticator app's current code, for tests that sign in with two-step sign-in (the admin console's). */
export { totpAt } from '../../src/identity/totp.js';
