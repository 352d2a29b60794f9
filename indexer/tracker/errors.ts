/**
 * Why SCAN refuses an announcement. The spec has no codes of its own for a tracker, so each
 * failure takes the closest one (the GraphQL layer reports `code` in extensions.code):
 * - 40010 INVALID_WALLET_ADDRESS (REST table) for an address that is malformed or is not the
 *   announcing key's: the error names the address, as the spec's code does.
 * - 40000 INVALID_PARAMS for a malformed announcement, a bad signature and a timestamp out of
 *   bounds (future, expired, or not newer than the last accepted): each is a field of the request
 *   that the server refuses, as node/crypto's MalformedSignature already reports a bad signature.
 *   `reason` tells them apart for a client that wants to (extensions.reason).
 * - 50021 FILE_NOT_FOUND_FROM_CHAIN for a file hash the ledger never had, the code `file(hash)`
 *   uses for the same fact.
 */
import { DspError } from "../../node/errors/index.js";

export type AnnouncementRejection = "MALFORMED" | "WRONG_CHAIN" | "BAD_SIGNATURE" | "FUTURE" | "EXPIRED" | "STALE";

export class InvalidAnnouncement extends DspError {
  override name = "InvalidAnnouncement";
  constructor(readonly reason: AnnouncementRejection, message: string) {
    super(40000, `announcement refused: ${message}`);
  }
}

export class UnknownAnnouncedFile extends DspError {
  override name = "UnknownAnnouncedFile";
  constructor(readonly fileHash: string, readonly missing: number) {
    super(50021, `announcement refused: file ${fileHash}${missing > 1 ? ` (and ${missing - 1} more)` : ""} not found on chain`);
  }
}
