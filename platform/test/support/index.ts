export * from './api-client.js';
export * from './fixtures.js';
export * from './test-app.js';
export * from './catalog-fixtures.js';
export * from './medicines-sample.js';
