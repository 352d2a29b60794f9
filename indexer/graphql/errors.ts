/**
 * GraphQL errors carrying the spec's status codes in `extensions.code` (and the code's name in
 * `extensions.codeName`), so a client can tell "no such file" from a malformed query.
 */
import { GraphQLError } from "graphql";
import { DspError, statusName } from "@dsp/core";
import { InvalidAnnouncement } from "@dsp/core";

export function dspGraphQLError(code: number, message: string, table: "task_error" | "rest_error" = "task_error") {
  return new GraphQLError(message, { extensions: { code, codeName: statusName(code, table) ?? "UNKNOWN" } });
}

/** 50021 FILE_NOT_FOUND_FROM_CHAIN */
export const fileNotFound = (hash: string) => dspGraphQLError(50021, `file ${hash} not found on chain`);
/** 55034 DSP_NODE_QUERY_FAILED */
export const nodeNotFound = (address: string) => dspGraphQLError(55034, `node ${address} is not registered`, "rest_error");
/** 55059 DSP_DNS_QUERY_INFO_FAILED: the name does not resolve (unknown, deleted, expired or revoked). */
export const urlNotResolved = (name: string, why: string) => dspGraphQLError(55059, `${name} does not resolve: ${why}`, "rest_error");
/** 40000 INVALID_PARAMS */
export const invalidParams = (what: string) => dspGraphQLError(40000, what);

/**
 * A DspError as a GraphQL error with its code (an InvalidAnnouncement adds its `reason`); anything
 * else is left alone, for yoga to mask as an unexpected error.
 */
export function graphQLErrorOf(e: unknown): unknown {
  if (!(e instanceof DspError)) return e;
  const reason = e instanceof InvalidAnnouncement ? { reason: e.reason } : {};
  // No originalError: yoga masks a GraphQLError that wraps a plain Error.
  return new GraphQLError(e.shortMessage, { extensions: { code: e.code, codeName: e.codeName, ...reason } });
}
