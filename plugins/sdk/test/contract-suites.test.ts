import { messagingContract, paymentContract, searchContract, storageContract, testTenant } from '../src/testing/index.js';
import objectStore, { startObjectStoreFake } from './reference-plugins/object-store.js';
import paymentGateway, { startPaymentGatewayFake } from './reference-plugins/payment-gateway.js';
import searchEngine, { startSearchEngineFake } from './reference-plugins/search-engine.js';
import smsGateway, { startSmsGatewayFake } from './reference-plugins/sms-gateway.js';

// The contract suites run against small reference plugins and their fakes, so the suites are known to pass for a
// correct plugin before a real gateway is measured against them.

const gatewayCredentials = { keyId: 'key_test_1', keySecret: 'key-secret-1', webhookSecret: 'webhook-secret-1' };
paymentContract(paymentGateway, {
  tenant: testTenant('IN'),
  config: gatewayCredentials,
  startFake: () => startPaymentGatewayFake(gatewayCredentials),
});

messagingContract(smsGateway, {
  tenant: testTenant('KE'),
  config: { authToken: 'sms-token-1' },
  startFake: () => startSmsGatewayFake('sms-token-1'),
  recipient: '+254708374149',
});

storageContract(objectStore, {
  tenant: testTenant('IN'),
  config: { endpoint: 'https://objects.example', token: 'object-token-1' },
  startFake: () => startObjectStoreFake('object-token-1'),
});

searchContract(searchEngine, { tenant: testTenant('KE'), config: {}, startFake: startSearchEngineFake });
