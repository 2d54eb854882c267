export { startMpesaFake, type MpesaFake, type MpesaFakeOptions } from './mpesa-fake.js';
export { B2C_OUTCOMES, STK_OUTCOMES, type B2cOutcome, type StkOutcome } from './customer-outcomes.js';
