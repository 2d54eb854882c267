import { secret, z } from '@dawa/plugin-sdk';

const DARAJA_HOSTS = {
  sandbox: 'https://sandbox.safaricom.co.ke',
  production: 'https://api.safaricom.co.ke',
} as const;

const shortCode = z.string().regex(/^\d{5,9}$/, 'a paybill, till or B2C shortcode: 5 to 9 digits');

export const mpesaConfigSchema = z.object({
  environment: z
    .enum(['sandbox', 'production'])
    .default('sandbox')
    .meta({ title: 'Environment', description: 'Daraja sandbox or production.' }),
  consumerKey: z
    .string()
    .min(1)
    .meta({ title: 'Consumer key', description: 'The Daraja app’s credentials, exchanged for a bearer token.' }),
  consumerSecret: secret(z.string().min(1).meta({ title: 'Consumer secret' })),
  shortCode: shortCode.meta({ title: 'Business shortcode', description: 'The paybill or store number STK pushes are made for.' }),
  passkey: secret(z.string().min(1).meta({ title: 'Passkey', description: 'The Lipa Na M-Pesa Online passkey of that shortcode.' })),
  transactionType: z
    .enum(['CustomerPayBillOnline', 'CustomerBuyGoodsOnline'])
    .default('CustomerPayBillOnline')
    .meta({ title: 'Transaction type' }),
  partyB: shortCode
    .optional()
    .meta({ title: 'Receiving till (PartyB)', description: 'Who receives the money: the till for buy-goods, else the paybill itself.' }),
  callbackToken: secret(
    z.string().min(32).meta({
      title: 'Callback token',
      description: 'At least 32 random characters ending this chain’s callback URL: the only thing that authenticates an M-Pesa callback.',
    }),
  ),
  refunds: z
    .object({
      b2cShortCode: shortCode.meta({ title: 'B2C shortcode' }),
      initiatorName: secret(
        z
          .string()
          .min(1)
          .meta({ title: 'Initiator name', description: 'The API operator with the B2C initiator role on the M-Pesa org portal.' }),
      ),
      securityCredential: secret(
        z.string().min(1).meta({
          title: 'Security credential',
          description: 'The initiator password encrypted with Safaricom’s public certificate, as the portal generates it.',
        }),
      ),
    })
    .optional()
    .meta({
      title: 'Refunds',
      description: 'Refunds are B2C payments back to the payer, from the chain’s B2C (bulk disbursement) shortcode.',
    }),
});

export type MpesaConfig = z.output<typeof mpesaConfigSchema>;

export const darajaBaseUrl = (config: MpesaConfig): string => DARAJA_HOSTS[config.environment];
