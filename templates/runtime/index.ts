/**
 * The contractgen runtime, shared by every generated API folder of one output: everything
 * generated code and applications use is exported from here.
 */
export { encodeRequestBody } from "./body.js";
export { callOperation, type CallTarget } from "./call.js";
export { createApiClient, withOperations } from "./client.js";
export { CORE, createCore, type ApiCore, type Core } from "./core.js";
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
  type RequestNotSentError,
  type ResponseTooLargeError,
  type Result,
  type RuntimeError,
  type TimeoutError,
  type TransportError,
} from "./errors.js";
export { withPages, type AllFunction, type PagedMembers, type PagesFunction } from "./paged.js";
export { parseHeader, parseHeaders, type DocumentedHeaders, type HeaderKind, type HeaderSpecs } from "./headers.js";
export {
  all,
  nextLink,
  pages,
  type AllOptions,
  type AllResult,
  type ItemOf,
  type PageContext,
  type PageEnd,
  type PageOptions,
  type PageStep,
  type Pages,
  type Paging,
} from "./pages.js";
export {
  readEvents,
  readRecords,
  readStream,
  type ServerSentEvent,
  type Stream,
  type StreamEnd,
  type StreamItemInfo,
} from "./streams.js";
export { streamFormat, type StreamFormat } from "./media.js";
export { containsCardNumber, findCardNumber, isCardNumber, refuseCardNumber } from "./guards.js";
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from "./options.js";
export { parseRateLimit, parseRetryAfter } from "./rate-limit.js";
export type {
  ApiDefinition,
  BaseClient,
  BasicCredentials,
  BodyEncoder,
  CallInit,
  CallMeta,
  BodyRead,
  ClientOptions,
  CredentialInput,
  ErrorEnvelope,
  InitArgs,
  OperationFunction,
  OperationInit,
  OperationMeta,
  OperationMethods,
  OperationResult,
  RequestGuard,
  ResponseMeta,
  ResponseValidator,
  RetryOptions,
  Security,
  SecurityPlan,
  SecurityScheme,
  StreamCallOptions,
  StreamReader,
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
