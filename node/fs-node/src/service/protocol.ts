/**
 * The sharing handshake (the spec's File message) between an uploader or downloader and a node:
 * which operation a File message asks for, and how a node reports an upload's progress
 * (Progress messages carrying the spec's transmission states).
 */
import { DspError } from "@dsp/core";

/** File.operation values (the spec names the field, not the values). */
export const FileOp = {
  /** uploader -> primary, or primary -> other primary: "fetch this committed file from me" */
  UploadAsk: 1,
  /** node -> uploader: accepted; File.breakpoint says how many blocks it holds already */
  UploadAck: 2,
  /** downloader -> seeder: "may I have this file, and what are its blocks?" */
  DownloadAsk: 3,
  /** seeder -> downloader: the block list and the price (File.payInfo) */
  DownloadAck: 4,
} as const;

/** 50015 RECEIVERS_REJECTED: a storage node refused the file (the reason says why). */
export class ReceiverRejected extends DspError {
  override name = "ReceiverRejected";
  constructor(node: string, reason: string, cause?: unknown) {
    super(50015, `storage node ${node} refused the file: ${reason}`, { cause });
  }
}

/** 50022 DOWNLOAD_REFUSED: privilege, whitelist or an unknown session. */
export class DownloadRefused extends DspError {
  override name = "DownloadRefused";
  constructor(reason: string) {
    super(50022, `download refused: ${reason}`);
  }
}

/** 50032 PAY_UNPAID_BLOCK_FAILED: the downloader owes more than the seeder lets run up, or paid with a bad voucher. */
export class PaymentRequired extends DspError {
  override name = "PaymentRequired";
  constructor(reason: string) {
    super(50032, `payment required: ${reason}`);
  }
}
