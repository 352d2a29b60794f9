/**
 * Reading the fields of a JSON body: each reader names the field in its error (40002
 * INVALID_PARAMS), and a field the endpoint does not know is an error too, so a misspelt
 * option is not silently ignored.
 */
import path from "node:path";
import { uint } from "@dsp/ledger";
import { HttpError } from "./http.js";

const bad = (message: string) => new HttpError(400, message);

export class Body {
  readonly #b: Record<string, unknown>;

  constructor(body: Record<string, unknown>, known: string[]) {
    const unknown = Object.keys(body).filter((k) => !known.includes(k));
    if (unknown.length) throw bad(`unknown field(s) ${unknown.join(", ")}; known: ${known.join(", ")}`);
    this.#b = body;
  }

  has(key: string): boolean {
    return this.#b[key] !== undefined && this.#b[key] !== null;
  }

  #get(key: string, required: boolean): unknown {
    if (!this.has(key)) {
      if (required) throw bad(`missing field ${key}`);
      return undefined;
    }
    return this.#b[key];
  }

  string(key: string, required: true): string;
  string(key: string, required?: false): string | undefined;
  string(key: string, required = false): string | undefined {
    const v = this.#get(key, required);
    if (v !== undefined && typeof v !== "string") throw bad(`${key} must be a string`);
    return v;
  }

  /** A whole number in [min, max]. */
  int(key: string, required: true, min?: number, max?: number): number;
  int(key: string, required?: false, min?: number, max?: number): number | undefined;
  int(key: string, required = false, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.#get(key, required);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw bad(`${key} must be a whole number from ${min} to ${max}`);
    return v;
  }

  /** A whole number that may exceed 2^53 (heights): a JSON number or a string of digits. */
  whole(key: string, required: true): bigint;
  whole(key: string, required?: false): bigint | undefined;
  whole(key: string, required = false): bigint | undefined {
    const v = this.#get(key, required);
    if (v === undefined) return undefined;
    if (typeof v !== "number" && typeof v !== "string") throw bad(`${key} must be a whole number`);
    return uint(v, key);
  }

  bool(key: string): boolean | undefined {
    const v = this.#get(key, false);
    if (v !== undefined && typeof v !== "boolean") throw bad(`${key} must be true or false`);
    return v;
  }

  /** An absolute local path: the server's working directory means nothing to a client. */
  path(key: string): string {
    const v = this.string(key, true);
    if (!path.isAbsolute(v)) throw bad(`${key} must be an absolute path, got "${v}"`);
    return path.normalize(v);
  }

  /** An array of objects, each read with its own Body. */
  list(key: string, known: string[]): Body[] | undefined {
    const v = this.#get(key, false);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((e) => typeof e !== "object" || e === null || Array.isArray(e))) throw bad(`${key} must be an array of objects`);
    return v.map((e) => new Body(e as Record<string, unknown>, known));
  }
}
