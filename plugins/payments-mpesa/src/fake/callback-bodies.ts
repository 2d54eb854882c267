import { darajaTimestamp } from '../nairobi-time.js';

/** Daraja's STK callback, numbers as numbers; a paid push lists its metadata, with a Balance that has no Value. */
export function stkCallbackBody(push: {
  merchantRequestId: string;
  checkoutRequestId: string;
  resultCode: number;
  resultDesc: string;
  paid?: { shillings: number; receipt: string; at: Date; phone: string };
}): unknown {
  const { paid } = push;
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: push.merchantRequestId,
        CheckoutRequestID: push.checkoutRequestId,
        ResultCode: push.resultCode,
        ResultDesc: push.resultDesc,
        ...(paid && {
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: paid.shillings },
              { Name: 'MpesaReceiptNumber', Value: paid.receipt },
              { Name: 'Balance' },
              { Name: 'TransactionDate', Value: Number(darajaTimestamp(paid.at)) },
              { Name: 'PhoneNumber', Value: Number(paid.phone) },
            ],
          },
        }),
      },
    },
  };
}

/** `19.12.2019 11:45:50` in Nairobi time. */
function completedDateTime(at: Date): string {
  const t = darajaTimestamp(at);
  return `${t.slice(6, 8)}.${t.slice(4, 6)}.${t.slice(0, 4)} ${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}`;
}

/** Daraja's B2C result as POSTed to the ResultURL. */
export function b2cResultBody(payment: {
  originatorConversationId: string;
  conversationId: string;
  resultCode: number;
  resultDesc: string;
  transactionId: string;
  paid?: { shillings: number; at: Date; phone: string };
}): unknown {
  const { paid } = payment;
  return {
    Result: {
      ResultType: 0,
      ResultCode: payment.resultCode,
      ResultDesc: payment.resultDesc,
      OriginatorConversationID: payment.originatorConversationId,
      ConversationID: payment.conversationId,
      TransactionID: payment.transactionId,
      ...(paid && {
        ResultParameters: {
          ResultParameter: [
            { Key: 'TransactionAmount', Value: paid.shillings },
            { Key: 'TransactionReceipt', Value: payment.transactionId },
            { Key: 'B2CRecipientIsRegisteredCustomer', Value: 'Y' },
            { Key: 'ReceiverPartyPublicName', Value: `${paid.phone} - Sandbox Customer` },
            { Key: 'TransactionCompletedDateTime', Value: completedDateTime(paid.at) },
          ],
        },
      }),
      ReferenceData: {
        ReferenceItem: { Key: 'QueueTimeoutURL', Value: 'https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit' },
      },
    },
  };
}
