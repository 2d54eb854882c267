/** What a customer can do with the PIN prompt, as the sandbox routes name it, and the result Daraja reports. */
export const STK_OUTCOMES = {
  pay: { code: 0, description: 'The service request is processed successfully.' },
  cancel: { code: 1032, description: 'Request cancelled by user' },
  'wrong-pin': { code: 2001, description: 'The initiator information is invalid.' },
  'insufficient-funds': { code: 1, description: 'The balance is insufficient for the transaction.' },
  unreachable: { code: 1037, description: 'DS timeout user cannot be reached' },
} as const;

export type StkOutcome = keyof typeof STK_OUTCOMES;

export const isStkOutcome = (value: string): value is StkOutcome => Object.hasOwn(STK_OUTCOMES, value);

/** How a B2C payment (a refund) ends: paid out, or refused because the B2C account cannot cover it. */
export const B2C_OUTCOMES = {
  complete: { code: 0, description: 'The service request is processed successfully.' },
  fail: { code: 1, description: 'The balance is insufficient for the transaction.' },
} as const;

export type B2cOutcome = keyof typeof B2C_OUTCOMES;

export const isB2cOutcome = (value: string): value is B2cOutcome => Object.hasOwn(B2C_OUTCOMES, value);

/** Daraja's answer when a B2C initiator's name or credential is wrong: it arrives in the result, not the reply. */
export const B2C_INVALID_INITIATOR = { code: 2001, description: 'The initiator information is invalid.' } as const;
