import { json, type FakeResponse } from '@dawa/plugin-sdk/fakes';
import type { RazorpayErrorBody } from '../razorpay-entities.js';

/** A refusal of the fake Razorpay API, answered with the vendor's error body. */
export class RazorpayFakeError extends Error {
  constructor(
    readonly status: number,
    readonly body: RazorpayErrorBody,
  ) {
    super(body.error.description);
  }

  response(): FakeResponse {
    return json(this.status, this.body);
  }
}

/** Razorpay's 400 for a request it will not act on, naming the offending field when there is one. */
export function badRequest(description: string, field?: string): RazorpayFakeError {
  return new RazorpayFakeError(400, {
    error: {
      code: 'BAD_REQUEST_ERROR',
      description,
      source: 'business',
      step: 'payment_initiation',
      reason: 'input_validation_failed',
      metadata: {},
      ...(field && { field }),
    },
  });
}

const unspecified = (description: string): RazorpayErrorBody => ({
  error: { code: 'BAD_REQUEST_ERROR', description, source: 'NA', step: 'NA', reason: 'NA', metadata: {} },
});

export const authenticationFailed = () => new RazorpayFakeError(401, unspecified('Authentication failed'));

export const urlNotFound = () => new RazorpayFakeError(404, unspecified('The requested URL was not found on the server.'));

export const idDoesNotExist = () => badRequest('The id provided does not exist');
