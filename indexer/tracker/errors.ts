/**
 * Why SCAN refuses an announcement: the codec's own refusals are InvalidAnnouncement (@dsp/core);
 * here, 50021 FILE_NOT_FOUND_FROM_CHAIN for a file hash the ledger never had, the code
 * `file(hash)` uses for the same fact.
 */
import { DspError } from "@dsp/core";

export class UnknownAnnouncedFile extends DspError {
  override name = "UnknownAnnouncedFile";
  constructor(readonly fileHash: string, readonly missing: number) {
    super(50021, `announcement refused: file ${fileHash}${missing > 1 ? ` (and ${missing - 1} more)` : ""} not found on chain`);
  }
}
