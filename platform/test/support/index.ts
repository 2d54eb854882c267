export * from './api-client.js';
export * from './fixtures.js';
export * from './test-app.js';
export * from './catalog-fixtures.js';
export * from './api-process.js';
export * from './inventory-fixtures.js';
export * from './sales-fixtures.js';
