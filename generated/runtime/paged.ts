/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * The `pages` and `all` of paged operations, as types (the generated `<op>Pages`/`<op>All`
 * functions and the client's `client.op.pages`/`.all`), and how a client gets them. An operation
 * table entry is paged when it has `items`: where the list sits in a page body (pages.ts's `ItemOf`).
 */
import type { Core } from "./core.js";
import type { AllOptions, AllResult, ItemOf, PageOptions, Pages } from "./pages.js";
import type { OperationInit, OperationResult } from "./types.js";

/** The init then the walk's options; the init stays required where the operation's is. */
type PageArgs<Paths, Operation, Options> =
  OperationInit<Paths, Operation> extends [init: infer Init]
    ? [init: Init, options?: Options]
    : OperationInit<Paths, Operation> extends [init?: infer Init]
      ? [init?: Init, options?: Options]
      : never;

type PageOf<Operation> = Awaited<OperationResult<Operation>>;
type DataOf<Operation> = Operation extends { data: infer Data } ? Data : never;
type ErrorOf<Operation> = Operation extends { error: infer Error } ? Error : never;
type ItemsOf<Operation> = Operation extends { items: infer Path } ? Path : undefined;

/** A paged operation's `<op>Pages`: its results, one page at a time. */
export type PagesFunction<C, Paths, Operation> = (
  core: C,
  ...args: PageArgs<Paths, Operation, PageOptions>
) => Pages<PageOf<Operation>>;

/** A paged operation's `<op>All`: every item, or the first error with the items gathered before it. */
export type AllFunction<C, Paths, Operation> = (
  core: C,
  ...args: PageArgs<Paths, Operation, AllOptions>
) => Promise<AllResult<ItemOf<DataOf<Operation>, ItemsOf<Operation>>, ErrorOf<Operation>>>;

/** The client method's `pages` and `all`, for a paged entry. */
export type PagedMembers<Paths, Operation> = Operation extends { items: unknown }
  ? {
      pages(...args: PageArgs<Paths, Operation, PageOptions>): Pages<PageOf<Operation>>;
      all(
        ...args: PageArgs<Paths, Operation, AllOptions>
      ): Promise<AllResult<ItemOf<DataOf<Operation>, ItemsOf<Operation>>, ErrorOf<Operation>>>;
    }
  : unknown;

type Walk = (core: Core, init?: unknown, options?: unknown) => unknown;

/**
 * Give `method` the `pages` and `all` of its functions, the core bound. `paged` names each paged
 * method's two functions among `functions`.
 */
export function withPages(
  method: object,
  core: Core,
  functions: Readonly<Record<string, unknown>>,
  [pagesName, allName]: readonly [string, string],
): void {
  const pages = functions[pagesName] as Walk;
  const all = functions[allName] as Walk;
  Object.assign(method, {
    pages: (init?: unknown, options?: unknown) => pages(core, init, options),
    all: (init?: unknown, options?: unknown) => all(core, init, options),
  });
}
