import { secret, z } from '@dawa/plugin-sdk';

const DARAJA_HOSTS = {
  sandbox: 'https://sandbox.safaricom.co.ke',
  production: 'https://api.safaricom.co.ke',
} as const;

const shortCode = z.string().regex(/^\d{5,9}$/, 'a paybill, till or B2C shortcode: 5 to 9 digits');

export const mpesaConfigSchema = z.object({
  environment: z.enum(['sandbox', 'production']).default('sandbox'),
  /** The Daraja app's credentials, exchanged for a bearer token. */
  consumerKey: z.string().min(1),
  consumerSecret: secret(z.string().min(1)),
  /** The paybill or store number STK pushes are made for (BusinessShortCode). */
  shortCode,
  /** The Lipa Na M-Pesa Online passkey of that shortcode. */
  passkey: secret(z.string().min(1)),
  transactionType: z.enum(['CustomerPayBillOnline', 'CustomerBuyGoodsOnline']).default('CustomerPayBillOnline'),
  /** Who receives the money: the till for buy-goods, else the paybill itself. */
  partyB: shortCode.optional(),
  /** The unguessable last segment of this tenant's callback URL: the only thing that authenticates an M-Pesa callback. */
  callbackToken: secret(z.string().min(32)),
  /** Refunds are B2C payments back to the payer, from the tenant's B2C (bulk disbursement) shortcode. */
  refunds: z
    .object({
      b2cShortCode: shortCode,
      /** The API operator created on the M-Pesa org portal with the B2C initiator role. */
      initiatorName: secret(z.string().min(1)),
      /** The initiator password encrypted with Safaricom's public certificate, as the portal generates it. */
      securityCredential: secret(z.string().min(1)),
    })
    .optional(),
});

export type MpesaConfig = z.output<typeof mpesaConfigSchema>;

export const darajaBaseUrl = (config: MpesaConfig): string => DARAJA_HOSTS[config.environment];
