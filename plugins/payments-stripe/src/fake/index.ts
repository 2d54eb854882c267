export { startStripeFake, type SandboxWebhook, type StripeFake, type StripeFakeOptions } from './stripe-fake.js';
export { stripeSignature } from './webhook-endpoint.js';
export { TEST_CARDS } from './test-cards.js';
