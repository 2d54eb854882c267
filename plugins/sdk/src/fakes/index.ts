export { deliverWebhook } from './deliver.js';
export { json, startFakeServer, type FakeRequest, type FakeResponse } from './fake-http-server.js';
