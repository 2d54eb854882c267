import { formatMinorUnits } from '@dawa/plugin-sdk';
import type { RazorpayOrder } from '../razorpay-entities.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * A stand-in for Razorpay Checkout in demos: the order's amount and buttons that act as the customer, through the
 * same sandbox route the tests use, and show what Checkout would hand the POS.
 */
export function checkoutPage(order: RazorpayOrder): string {
  const orderId = escapeHtml(order.id);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Razorpay sandbox checkout</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto}button{font-size:1rem;margin:.25rem;padding:.5rem 1rem}pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}</style></head>
<body>
<h1>Pay ${escapeHtml(order.currency)} ${escapeHtml(formatMinorUnits(order.amount_due, 2))}</h1>
<p>Order <code>${orderId}</code> (${escapeHtml(order.status)}). This is the Dawa sandbox, not Razorpay: no money moves.</p>
<button data-method="upi" data-outcome="success">Pay by UPI</button>
<button data-method="card" data-outcome="success">Pay by card</button>
<button data-method="upi" data-outcome="failure">Fail the payment</button>
<pre id="result"></pre>
<script>
for (const button of document.querySelectorAll('button')) {
  button.addEventListener('click', async () => {
    const response = await fetch('/__sandbox/orders/${orderId}/pay', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: button.dataset.method, outcome: button.dataset.outcome }),
    });
    const answer = await response.json();
    document.getElementById('result').textContent = JSON.stringify(answer.checkout ?? answer.error ?? answer, null, 2);
  });
}
</script>
</body>
</html>`;
}
