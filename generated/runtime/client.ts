/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Clients: a core plus one method per operation. Generated `create<Api>Client` binds the API's
 * operation functions to a new core (`withOperations`); `createApiClient` builds the same from an
 * operation table, for hand-written definitions.
 */
import { encodeRequestBody } from "./body.js";
import { callOperation } from "./call.js";
import { createCore, type Core } from "./core.js";
import type { Result } from "./errors.js";
import type { ApiDefinition, CallInit, ClientOptions, OperationMeta, Security } from "./types.js";
import { operationKey } from "./auth.js";
import { withPages } from "./paged.js";

type AnyOperation = (core: Core, init?: CallInit) => Promise<Result<unknown, unknown>>;

/**
 * `core` with one method per function, each calling it with the core first. `paged` names the
 * `pages`/`all` functions of each paged method: they become its members, not methods of their own.
 * `functions` is an `object`, not a record: a module namespace passed as a record makes the caller's
 * tsc work out the type of every function in it, which costs an API of hundreds of operations much
 * of its check time.
 */
export function withOperations<Client>(
  core: Core,
  functions: object,
  paged: Readonly<Record<string, readonly [string, string]>> = {},
): Client {
  const table = functions as Readonly<Record<string, unknown>>;
  const walkers = new Set(Object.values(paged).flat());
  const methods: Record<string, (init?: CallInit) => Promise<Result<unknown, unknown>>> = {};
  for (const name of Object.keys(table)) {
    if (walkers.has(name)) continue;
    const fn = table[name] as AnyOperation;
    methods[name] = (init) => fn(core, init);
    if (Object.hasOwn(paged, name)) withPages(methods[name], core, table, paged[name]!);
  }
  return Object.assign(core, methods) as Client;
}

/**
 * A client from an operation table. Without `definition.security`, each operation sends what its
 * own `security` names, and a raw call to a path of no operation sends nothing.
 */
export function createApiClient<Client>(
  options: ClientOptions<object> | undefined,
  definition: ApiDefinition,
  operationTable: Readonly<Record<string, OperationMeta>>,
): Client {
  const operations = Object.values(operationTable);
  const except: Record<string, Security> = {};
  for (const operation of operations) except[operationKey(operation.method, operation.path)] = operation.security;
  const core = createCore(options, { ...definition, security: definition.security ?? { default: [], except } });
  const methods: Record<string, (init?: CallInit) => Promise<Result<unknown, unknown>>> = {};
  for (const operation of operations) {
    methods[operation.methodName] = (init) => callOperation(core, operation, init, encodeRequestBody);
  }
  return Object.assign(core, methods) as Client;
}
