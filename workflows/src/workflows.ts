// The worker's workflow bundle entry: every workflow function Dawa registers, and nothing that is not deterministic.
export { provisionTenant } from './provisioning/provision-tenant.workflow.js';
export { purchaseOrder } from './purchasing/purchase-order.workflow.js';
export { nightlyReorder } from './purchasing/nightly-reorder.workflow.js';
