export { PLUGIN_API_VERSION, checkApiVersion, isApiVersion, type ApiVersionCheck } from './api-version.js';
export {
  REDACTED,
  configJsonSchema,
  parsePluginConfig,
  redactSecrets,
  secret,
  secretFields,
  secretValues,
  z,
  type PluginConfigSchema,
} from './config-schema.js';
export {
  createExtension,
  createPluginContext,
  systemClock,
  type Clock,
  type PluginContext,
  type PluginContextOptions,
  type PluginTenant,
} from './context.js';
export {
  EXTENSION_POINTS,
  definePlugin,
  isDawaPlugin,
  providesExtension,
  type AnyDawaPlugin,
  type DawaPlugin,
  type ExtensionFactories,
  type ExtensionPointName,
  type ExtensionPoints,
  type PluginDefinition,
  type PluginProviding,
} from './define-plugin.js';
export {
  PluginConfigError,
  PluginDefinitionError,
  PluginError,
  PluginInputError,
  WebhookVerificationError,
  type FieldIssue,
} from './errors.js';
export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
} from './http-client.js';
export { scrubbingLogger, silentLogger, type LogFields, type PluginLogger } from './logger.js';
export type * from './messaging.js';
export {
  BASIS_POINTS_PER_UNIT,
  basisPointsToPercent,
  formatMinorUnits,
  mulDivHalfUp,
  roundToMultiple,
  sumMinorUnits,
  toMajorUnits,
  type BasisPoints,
  type MinorUnits,
} from './money.js';
export type * from './payment.js';
export type * from './search.js';
export { hmacDigest, safeEqual } from './signatures.js';
export {
  attachmentDisposition,
  tenantObjectKey,
  type PutObjectOptions,
  type StorageProvider,
  type StoredObject,
  type StoredObjectInfo,
} from './storage.js';
export { invoiceColumn, labelledValues } from './tax/invoice-layout.js';
export { assembleTaxQuote, type TaxQuoteParts } from './tax/quote-assembly.js';
export { isIsoDate, taxQuoteRequestIssues } from './tax/quote-request.js';
export { documentSign, documentsForPeriod, type PeriodDocuments, type ReportPeriod } from './tax/report-period.js';
export type * from './tax/tax-provider.js';
export { webhookHeader, type IncomingWebhook } from './webhook.js';
