import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createExtension, type PluginTenant } from '../context.js';
import type { PluginProviding } from '../define-plugin.js';
import type { MinorUnits } from '../money.js';
import type { CreatePaymentRequest, PaymentProvider } from '../payment.js';
import type { IncomingWebhook } from '../webhook.js';
import { rejectsWithCode } from './expect-error.js';
import { tamperedBody, withoutHeaders } from './tamper.js';

/** The plugin's fake of its vendor, running on 127.0.0.1. */
export interface PaymentFake {
  baseUrl: string;
  /** The customer completes the payment (card, UPI, PIN); returns the webhook the vendor then delivers. */
  completePayment(providerRef: string): Promise<IncomingWebhook>;
  /** What the vendor has refunded on a payment in total. */
  refundedAmount(providerRef: string): Promise<MinorUnits>;
  stop(): Promise<void>;
}

export interface PaymentContractSetup {
  tenant: PluginTenant;
  config: unknown;
  startFake(): Promise<PaymentFake>;
  /** Fields the vendor needs (an M-Pesa phone number); amount and currency default to 1,000.00 of the tenant's currency. */
  payment?: Partial<CreatePaymentRequest>;
  /**
   * The same delivery without what authenticates it. Defaults to dropping the headers (signed vendors); an unsigned
   * vendor authenticated by a path token (M-Pesa) strips the token from the URL instead.
   */
  withoutCredential?(webhook: IncomingWebhook): IncomingWebhook;
}

/** Registers the payment contract: create, webhook verification, status, idempotent refund — against the fake. */
export function paymentContract(plugin: PluginProviding<'payment'>, setup: PaymentContractSetup): void {
  describe(`payment contract: ${plugin.name}`, () => {
    let fake: PaymentFake;
    let payments: PaymentProvider;
    const request = (paymentId: string): CreatePaymentRequest => ({
      paymentId,
      amount: 1_000_00,
      currency: setup.tenant.currency,
      description: 'Contract sale',
      callbackUrl: `http://127.0.0.1/api/v1/webhooks/${setup.tenant.slug}/${plugin.name}`,
      ...setup.payment,
    });
    /** A payment taken through to success, with the webhook that said so. */
    const paidPayment = async (paymentId: string) => {
      const intent = await payments.createPayment(request(paymentId));
      return { intent, webhook: await fake.completePayment(intent.providerRef) };
    };

    before(async () => {
      fake = await setup.startFake();
      payments = createExtension(plugin, 'payment', { tenant: setup.tenant, config: setup.config, baseUrl: fake.baseUrl });
    });
    after(() => fake?.stop());

    it('creates a pending payment for the amount asked', async () => {
      const asked = request('pay-contract-create');
      const intent = await payments.createPayment(asked);
      assert.ok(intent.providerRef);
      assert.equal(intent.status, 'pending');
      assert.equal(intent.amount, asked.amount);
      assert.equal(intent.currency, asked.currency);
    });

    it('turns the verified success webhook into a payment.succeeded event, with the same event ids on redelivery', async () => {
      const { intent, webhook } = await paidPayment('pay-contract-webhook');
      const events = await payments.parseWebhook(webhook);
      const succeeded = events.find((e) => e.type === 'payment.succeeded');
      assert.ok(succeeded, `no payment.succeeded in ${JSON.stringify(events)}`);
      assert.equal(succeeded.providerRef, intent.providerRef);
      assert.equal(succeeded.amount, intent.amount);
      assert.ok(events.every((e) => e.eventId));
      assert.deepEqual(
        (await payments.parseWebhook(webhook)).map((e) => e.eventId),
        events.map((e) => e.eventId),
      );
    });

    it('refuses a webhook whose body was altered or whose signature is missing', async () => {
      const { webhook } = await paidPayment('pay-contract-forged');
      await rejectsWithCode(payments.parseWebhook(tamperedBody(webhook)), 'webhook_unverified');
      const withoutCredential = setup.withoutCredential ?? withoutHeaders;
      await rejectsWithCode(payments.parseWebhook(withoutCredential(webhook)), 'webhook_unverified');
    });

    it('reports a completed payment as succeeded and fully paid', async () => {
      const { intent } = await paidPayment('pay-contract-status');
      const status = await payments.fetchStatus(intent.providerRef, { amount: intent.amount, currency: intent.currency });
      assert.equal(status.status, 'succeeded');
      assert.equal(status.amountPaid, intent.amount);
    });

    it('refunds once however often the same refund is asked for', async () => {
      const { intent, webhook } = await paidPayment('pay-contract-refund');
      const paid = (await payments.parseWebhook(webhook)).find((e) => e.type === 'payment.succeeded');
      const refund = {
        refundId: 'refund-contract-1',
        providerRef: intent.providerRef,
        providerPaymentId: paid?.providerPaymentId,
        payerPhone: paid?.payerPhone,
        callbackUrl: request('pay-contract-refund').callbackUrl,
        amount: 250_00,
        currency: intent.currency,
      };
      const first = await payments.refund(refund);
      const again = await payments.refund(refund);
      assert.equal(again.refundRef, first.refundRef);
      assert.equal(first.amount, 250_00);
      assert.equal(await fake.refundedAmount(intent.providerRef), 250_00);
    });
  });
}
