/**
 * What an operation's responses carry besides their bodies, for the model: how it pages
 * (pagination.ts), the documented headers of each response (headers.ts) and which successes stream
 * (openapi32.ts). Plain data, attached to the operation and its response models.
 */
import type { PaginationConfig } from "../config/index.ts";
import type { LoadedSpec } from "../spec/load.ts";
import { successStreams } from "../spec/openapi32.ts";
import type { OperationVisit } from "../spec/walk.ts";
import type { HeaderSpecs } from "../../templates/runtime/headers.ts";
import type { StreamFormat } from "../../templates/runtime/media.ts";
import { headerSpecs, operationHeaders } from "./headers.ts";
import { recognizePagination, type PaginationFinding } from "./pagination.ts";

/** A streamed success: its format, and whether each item (an SSE event's data) is JSON-parsed. */
export interface StreamModel {
  format: StreamFormat;
  json: boolean;
  /** SSE: events, by name, whose data is read otherwise than `json` says. */
  events?: Record<string, boolean>;
}

export interface OperationIo {
  /** Absent when nothing about the operation pages; without `paging` when it was left out (see `note`). */
  pagination?: PaginationFinding;
  /** Documented headers by status key; statuses documenting none are absent. */
  headers: Record<string, HeaderSpecs>;
  /** Streamed successes by status key, for the media type the client reads. */
  streams: Record<string, StreamModel>;
}

/**
 * `entries` is the config's `pagination`, keyed by operationId. `mediaTypeOf(status)` is the media
 * type the client reads for that response: a stream counts only when it is the one read.
 */
export function operationIo(
  spec: LoadedSpec,
  visit: OperationVisit,
  operationId: string,
  entries: Readonly<Record<string, PaginationConfig | false>> | undefined,
  mediaTypeOf: (status: string) => string | undefined,
): OperationIo {
  const entry = entries && Object.hasOwn(entries, operationId) ? entries[operationId] : undefined;
  const pagination = recognizePagination(spec, visit, entry);
  const headers: Record<string, HeaderSpecs> = {};
  for (const [status, list] of Object.entries(operationHeaders(spec, visit.operation))) headers[status] = headerSpecs(list);
  const streams: Record<string, StreamModel> = {};
  for (const found of successStreams(spec, visit.operation)) {
    if (found.format && mediaTypeOf(found.status) === found.mediaType)
      streams[found.status] = { format: found.format, json: found.json, ...(found.events ? { events: found.events } : {}) };
  }
  return { ...(pagination ? { pagination } : {}), headers, streams };
}

/** What a response model carries of its operation's `OperationIo`. */
export interface ResponseIo {
  headers?: HeaderSpecs;
  stream?: StreamModel;
}

interface WithResponses<R> {
  success: R[];
  errors: R[];
}

/** `operation` with its io read (`read` is given the media type each status is read by) and attached. */
export function withIo<R extends { status: string; mediaType?: string }, O extends WithResponses<R>>(
  operation: O,
  read: (mediaTypeOf: (status: string) => string | undefined) => OperationIo,
): O & { pagination?: OperationIo["pagination"] } {
  const all = [...operation.success, ...operation.errors];
  const io = read((status) => all.find((r) => r.status === status)?.mediaType);
  const attach = <T extends R>(response: T): T => {
    const headers = io.headers[response.status];
    const stream = io.streams[response.status];
    return headers || stream ? { ...response, io: { ...(headers ? { headers } : {}), ...(stream ? { stream } : {}) } } : response;
  };
  return {
    ...operation,
    success: operation.success.map(attach),
    errors: operation.errors.map(attach),
    ...(io.pagination ? { pagination: io.pagination } : {}),
  };
}
