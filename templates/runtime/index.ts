/**
 * The contractgen runtime, shared by every generated API folder of one output: everything
 * generated code and applications use is exported from here.
 */
export { createApiClient } from "./client.js";
export {
  ClientRequestError,
  toApiError,
  type AbortedError,
  type ApiError,
  type CardNumberNotAllowedError,
  type ContractMismatch,
  type DocumentedError,
  type DriftReport,
  type FieldError,
  type InvalidResponseError,
  type InvalidResponseReason,
  type NetworkError,
  type RateLimit,
  type ResponseTooLargeError,
  type Result,
  type RuntimeError,
  type TimeoutError,
  type TransportError,
} from "./errors.js";
export { containsCardNumber, findCardNumber, isCardNumber } from "./guards.js";
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from "./options.js";
export { parseRateLimit, parseRetryAfter } from "./rate-limit.js";
export type {
  ApiDefinition,
  BaseClient,
  BasicCredentials,
  ClientOptions,
  CredentialInput,
  ErrorEnvelope,
  InitArgs,
  OperationMeta,
  OperationMethods,
  ResponseMeta,
  ResponseValidator,
  RetryOptions,
  SecurityScheme,
} from "./types.js";
export {
  signWebhook,
  verifyWebhook,
  type SignatureScheme,
  type VerifyWebhookOptions,
  type WebhookDefinition,
  type WebhookError,
  type WebhookErrorCode,
  type WebhookInput,
  type WebhookResult,
} from "./webhooks.js";
