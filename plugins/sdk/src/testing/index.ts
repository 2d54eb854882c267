export { rejectsWithCode } from './expect-error.js';
export { otherTenant, recordingLogger, testTenant, type LogEntry } from './fixtures.js';
export { messagingContract, type MessagingContractSetup, type MessagingFake } from './messaging-contract.js';
export { paymentContract, type PaymentContractSetup, type PaymentFake } from './payment-contract.js';
export { searchContract, type SearchContractSetup } from './search-contract.js';
export { storageContract, type StorageContractSetup } from './storage-contract.js';
export { tamperedBody, withoutHeaders } from './tamper.js';
export { taxContract, type TaxContractScenario, type TaxContractSetup, type TaxLineTemplate } from './tax-contract.js';
export type { VendorFake } from './vendor-fake.js';
