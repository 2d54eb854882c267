// The worker's workflow bundle entry: every workflow function Dawa registers, and nothing that is not deterministic.
export { provisionTenant } from './provisioning/provision-tenant.workflow.js';
