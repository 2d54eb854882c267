export {
  startRazorpayFake,
  type CheckoutResponse,
  type RazorpayFake,
  type RazorpayFakeOptions,
  type SandboxPayment,
} from './razorpay-fake.js';
export type { PaymentOutcome } from './razorpay-ledger.js';
