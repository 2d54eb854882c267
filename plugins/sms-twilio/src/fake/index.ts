export { FAKE_MESSAGING_SERVICE_SID, FAKE_TWILIO_NUMBER, startTwilioFake, type TwilioFake, type TwilioFakeOptions } from './twilio-fake.js';
export type { FakeMessage } from './message-resource.js';
