import { startMpesaFake } from '@dawa/plugin-payments-mpesa/fake';
import { startRazorpayFake } from '@dawa/plugin-payments-razorpay/fake';
import { startAfricasTalkingFake } from '@dawa/plugin-sms-africastalking/fake';
import { startTwilioFake } from '@dawa/plugin-sms-twilio/fake';
import type { TenantManifest } from './manifest.js';

/** Fixed ports, so the sandbox URLs `npm start` prints stay the same from run to run. */
export const SANDBOX_PORTS = { razorpay: 4101, mpesa: 4102, twilio: 4103, africastalking: 4104 } as const;

/** How long the sandbox M-Pesa customer takes to enter their PIN: long enough to watch the sale wait for it. */
const MPESA_PIN_DELAY_MS = 8_000;

export interface VendorSandbox {
  /** For DAWA_PLUGIN_BASE_URLS: the host sends each plugin's vendor calls to its fake. */
  baseUrls: string;
  /** Lines for the start-up banner: what runs where and how to act as the customer. */
  banner: string[];
  stop(): Promise<void>;
}

type PluginConfig = Record<string, any>;

function configOf(manifests: TenantManifest[], plugin: string): { slug: string; config: PluginConfig } | undefined {
  for (const manifest of manifests) {
    const setting = manifest.plugins[plugin];
    if (setting?.enabled && setting.config) return { slug: manifest.slug, config: setting.config };
  }
  return undefined;
}

/**
 * The vendors the demo chains use, as their plugins' own faithful fakes: Razorpay (UPI/card checkout) and Twilio for
 * sanjeevani, M-Pesa and Africa's Talking for afya. Each fake takes the credentials in the demo manifest and calls
 * the platform's webhook URLs back exactly as the vendor would, so a UPI or M-Pesa sale completes end to end offline.
 */
export async function startVendorSandbox(manifests: TenantManifest[], publicUrl: string): Promise<VendorSandbox> {
  const webhookUrl = (slug: string, plugin: string, token?: string) =>
    `${publicUrl}/api/v1/webhooks/${slug}/${plugin}${token ? `/${token}` : ''}`;
  const stops: Array<() => Promise<void>> = [];
  const baseUrls: string[] = [];
  const banner: string[] = [];

  const razorpay = configOf(manifests, 'payments-razorpay');
  if (razorpay) {
    const fake = await startRazorpayFake({
      keyId: razorpay.config.keyId,
      keySecret: razorpay.config.keySecret,
      webhookSecret: razorpay.config.webhookSecret,
      webhookUrl: webhookUrl(razorpay.slug, 'payments-razorpay'),
      port: SANDBOX_PORTS.razorpay,
    });
    stops.push(() => fake.stop());
    baseUrls.push(`payments-razorpay=${fake.baseUrl}`);
    banner.push(`  Razorpay     ${fake.origin}   (pay an order as the customer: ${fake.origin}/__sandbox/checkout/<order id>)`);
  }

  const mpesa = configOf(manifests, 'payments-mpesa');
  if (mpesa) {
    const fake = await startMpesaFake({
      consumerKey: mpesa.config.consumerKey,
      consumerSecret: mpesa.config.consumerSecret,
      shortCode: mpesa.config.shortCode,
      passkey: mpesa.config.passkey,
      b2c: mpesa.config.refunds && {
        shortCode: mpesa.config.refunds.b2cShortCode,
        initiatorName: mpesa.config.refunds.initiatorName,
        securityCredential: mpesa.config.refunds.securityCredential,
      },
      port: SANDBOX_PORTS.mpesa,
      autoComplete: { afterMs: MPESA_PIN_DELAY_MS, outcome: 'pay' },
    });
    stops.push(() => fake.stop());
    baseUrls.push(`payments-mpesa=${fake.baseUrl}`);
    banner.push(`  M-Pesa       ${fake.baseUrl}   (the customer "enters their PIN" ${MPESA_PIN_DELAY_MS / 1000} s after each STK push)`);
  }

  const twilio = configOf(manifests, 'sms-twilio');
  if (twilio) {
    const fake = await startTwilioFake({
      accountSid: twilio.config.accountSid,
      authToken: twilio.config.authToken,
      numbers: twilio.config.from ? [twilio.config.from] : undefined,
      port: SANDBOX_PORTS.twilio,
    });
    stops.push(() => fake.stop());
    baseUrls.push(`sms-twilio=${fake.baseUrl}`);
    banner.push(`  Twilio SMS   ${fake.baseUrl}   (sent messages: GET /2010-04-01/Accounts/<sid>/Messages.json)`);
  }

  const africasTalking = configOf(manifests, 'sms-africastalking');
  if (africasTalking) {
    const fake = await startAfricasTalkingFake({
      username: africasTalking.config.username,
      apiKey: africasTalking.config.apiKey,
      senderIds: africasTalking.config.from ? [africasTalking.config.from] : undefined,
      deliveryReportUrl: webhookUrl(africasTalking.slug, 'sms-africastalking', africasTalking.config.callbackToken),
      port: SANDBOX_PORTS.africastalking,
    });
    stops.push(() => fake.stop());
    baseUrls.push(`sms-africastalking=${fake.baseUrl}`);
    banner.push(`  Africa's Talking SMS ${fake.baseUrl}`);
  }

  return {
    baseUrls: baseUrls.join(','),
    banner,
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
