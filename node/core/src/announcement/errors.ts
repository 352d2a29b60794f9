/**
 * Why an announcement is refused. The spec has no codes of its own for a tracker, so each
 * failure takes the closest one (SCAN's GraphQL layer reports `code` in extensions.code):
 * - 40010 INVALID_WALLET_ADDRESS (REST table) for an address that is malformed or is not the
 *   announcing key's: the error names the address, as the spec's code does.
 * - 40000 INVALID_PARAMS for a malformed announcement, a bad signature and a timestamp out of
 *   bounds (future, expired, or not newer than the last accepted): each is a field of the request
 *   that the server refuses, as crypto's MalformedSignature already reports a bad signature.
 *   `reason` tells them apart for a client that wants to (extensions.reason).
 */
import { DspError } from "../errors/index.js";

export type AnnouncementRejection = "MALFORMED" | "WRONG_CHAIN" | "BAD_SIGNATURE" | "FUTURE" | "EXPIRED" | "STALE";

export class InvalidAnnouncement extends DspError {
  override name = "InvalidAnnouncement";
  constructor(readonly reason: AnnouncementRejection, message: string) {
    super(40000, `announcement refused: ${message}`);
  }
}
