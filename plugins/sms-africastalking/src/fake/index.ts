export { startAfricasTalkingFake, type AfricasTalkingFakeOptions } from './africastalking-fake.js';
