/**
 * Errors that carry the spec's status codes (status-codes.json beside this file, taken from docs/spec/DSP-Draft-0.1.txt), so a user can look a
 * failure up in the spec. Modeled on viem's BaseError: a short message, optional details, and a
 * cause chain. Subclasses name one failure each; `code` is the number the CLI, REST API and
 * events report.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const table = require("./status-codes.json") as Record<
  "task_error" | "transmission_state" | "rest_error",
  { code: number; name: string; meaning: string }[]
>;

export type StatusTable = "task_error" | "rest_error";

/** Name of `code` in the spec's table (task error codes by default), e.g. 50046 -> DECRYPT_WRONG_PASSWORD. */
export function statusName(code: number, tableName: StatusTable = "task_error"): string | undefined {
  return table[tableName].find((c) => c.code === code)?.name ?? table.rest_error.find((c) => c.code === code)?.name;
}

/** The spec's transmission states by name (TaskUploadFileMakeSlice = 3, ...). */
export const TransmissionState = Object.fromEntries(table.transmission_state.map((s) => [s.name, s.code])) as Record<string, number>;

/** Name of a transmission state (12 -> TaskUploadFileTransferBlocks); task error names for codes >= 40000. */
export function stateName(code: number): string {
  return table.transmission_state.find((s) => s.code === code)?.name ?? statusName(code) ?? String(code);
}

export interface DspErrorOptions {
  cause?: unknown;
  details?: string;
  /** Which of the spec's tables `code` comes from; task errors unless said. */
  table?: StatusTable;
}

export class DspError extends Error {
  override name = "DspError";
  readonly code: number;
  readonly codeName: string;
  readonly shortMessage: string;
  readonly details?: string;

  constructor(code: number, shortMessage: string, opts: DspErrorOptions = {}) {
    const codeName = statusName(code, opts.table) ?? "UNKNOWN";
    super(`${shortMessage} (DSP ${code} ${codeName})${opts.details ? `\n${opts.details}` : ""}`, { cause: opts.cause });
    this.code = code;
    this.codeName = codeName;
    this.shortMessage = shortMessage;
    this.details = opts.details;
  }
}

/** 40000 INVALID_PARAMS */
export class InvalidParams extends DspError {
  override name = "InvalidParams";
  constructor(what: string, opts?: DspErrorOptions) {
    super(40000, what, opts);
  }
}

/** 40001 INTERNAL_ERROR */
export class InternalError extends DspError {
  override name = "InternalError";
  constructor(what: string, opts?: DspErrorOptions) {
    super(40001, what, opts);
  }
}

/** Thrown when an AbortSignal stops a long operation; carries the signal's reason as cause. */
export class AbortedError extends DspError {
  override name = "AbortedError";
  constructor(what: string, reason?: unknown) {
    super(50002, `${what} aborted`, { cause: reason });
  }
}
