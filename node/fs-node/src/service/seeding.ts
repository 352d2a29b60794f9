/**
 * What a node lets others fetch: blocks of an upload it is handing out (to that file's holders
 * only) and blocks of a download session it opened after the privilege and whitelist checks,
 * paid through a payment channel when it charges. The policy runs before each batch is sent.
 */
import { evmAddressOf } from "@dsp/core";
import { channelsDomain, getChannel, verifyVoucher, type Ledger } from "@dsp/ledger";
import type { Incoming } from "@dsp/p2p";
import type { Opcode } from "@dsp/p2p";
import type { dsp } from "@dsp/p2p";
import { DownloadRefused, PaymentRequired } from "./protocol.js";
import type { ServePolicy } from "./block-exchange.js";

export interface SeedingOptions {
  /** Price per byte, in token wei; 0 serves for free. */
  unitPrice?: bigint;
  /** Bytes a downloader may receive beyond what its vouchers cover (default 256 KiB x 32 x 5). */
  unpaidLimit?: number;
}

interface Session {
  kind: "upload" | "download";
  fileHash: string;
  /** EVM addresses allowed to fetch in this session */
  allowed: Set<string>;
  served: bigint;
  paid: bigint;
  channelId?: string;
  deposit?: bigint;
  /** a fellow holder replicating the file: served without charge */
  free?: boolean;
  /** the newest voucher, kept so the seeder can collect */
  voucher?: { channelId: string; cumulativeAmount: bigint; signature: string };
}

export const DEFAULT_UNPAID_LIMIT = 256 * 1024 * 32 * 5;

export class Seeding {
  readonly #sessions = new Map<string, Session>();
  readonly unitPrice: bigint;
  readonly unpaidLimit: bigint;

  constructor(
    private readonly ledger: Ledger,
    opts: SeedingOptions = {},
  ) {
    this.unitPrice = opts.unitPrice ?? 0n;
    this.unpaidLimit = BigInt(opts.unpaidLimit ?? DEFAULT_UNPAID_LIMIT);
  }

  openUpload(sessionId: string, fileHash: string, holders: string[]): void {
    this.#sessions.set(sessionId, { kind: "upload", fileHash, allowed: new Set(holders.map((h) => h.toLowerCase())), served: 0n, paid: 0n });
  }

  /** `free`: the downloader is a fellow holder of the file (recovery, repair), which the owner already pays for. */
  openDownload(sessionId: string, fileHash: string, downloader: string, { free = false }: { free?: boolean } = {}): void {
    this.#sessions.set(sessionId, { kind: "download", fileHash, allowed: new Set([downloader.toLowerCase()]), served: 0n, paid: 0n, free });
  }

  /** What this seeder charges per byte in a session opened with `free` or not. */
  priceFor({ free = false }: { free?: boolean } = {}): bigint {
    return free ? 0n : this.unitPrice;
  }

  close(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  /** The newest voucher of each paid session (the seeder collects them on-chain). */
  vouchers() {
    return [...this.#sessions.values()].flatMap((s) => (s.voucher ? [s.voucher] : []));
  }

  /** The ServePolicy of serveBlocks. */
  readonly policy: ServePolicy = {
    admit: (request) => void this.#session(request),
    charge: async (request, bytes) => {
      const session = this.#session(request);
      if (session.kind === "upload" || session.free || this.unitPrice === 0n) return;
      const who = evmAddressOf(request.senderKey).toLowerCase();
      if (request.message.payment?.signature?.length) await this.#apply(session, request.message.payment, who);
      const owed = (session.served + BigInt(bytes)) * this.unitPrice - session.paid;
      if (owed > this.unpaidLimit * this.unitPrice) throw new PaymentRequired(`${owed} wei unpaid, the limit is ${this.unpaidLimit * this.unitPrice}`);
      session.served += BigInt(bytes);
    },
  };

  /** The open session the request belongs to, for its sender and file; DownloadRefused otherwise. */
  #session(request: Incoming<typeof Opcode.BlockFlights>): Session {
    const session = this.#sessions.get(request.message.sessionId);
    const who = evmAddressOf(request.senderKey).toLowerCase();
    if (!session || !session.allowed.has(who)) throw new DownloadRefused(`no session ${request.message.sessionId || "(none)"} open for ${who}`);
    if (request.message.blocks.some((b) => b.fileHash !== session.fileHash)) throw new DownloadRefused("a block of another file asked in this session");
    return session;
  }

  /** A voucher sent on its own (the Payment message), typically the last one of a download. */
  async pay(payment: dsp.Payment, senderKey: Uint8Array): Promise<void> {
    const who = evmAddressOf(senderKey).toLowerCase();
    const session = [...this.#sessions.values()].find(
      (s) => s.kind === "download" && s.allowed.has(who) && (s.channelId === undefined || s.channelId === payment.channelId),
    );
    if (!session) throw new PaymentRequired(`no download session of ${who} to pay for`);
    await this.#apply(session, payment, who);
  }

  async #apply(session: Session, payment: dsp.Payment.$Properties, who: string): Promise<void> {
    const voucher = { channelId: payment.channelId ?? "", cumulativeAmount: BigInt(payment.cumulativeAmount || "0"), signature: "0x" + Buffer.from(payment.signature ?? []).toString("hex") };
    if (!verifyVoucher(channelsDomain(this.ledger), voucher, who)) throw new PaymentRequired("the voucher is not signed by the downloader");
    if (voucher.cumulativeAmount <= session.paid) return;
    if (session.channelId !== voucher.channelId) {
      const channel = await getChannel(this.ledger, voucher.channelId);
      const me = this.ledger.address("seeding");
      if (channel.sender.toLowerCase() !== who || channel.recipient.toLowerCase() !== me.toLowerCase() || channel.status !== "open") {
        throw new PaymentRequired(`channel ${voucher.channelId} is not an open channel from ${who} to ${me}`);
      }
      session.channelId = voucher.channelId;
      session.deposit = channel.deposit;
    }
    if ((session.deposit ?? 0n) < voucher.cumulativeAmount) throw new PaymentRequired("the voucher exceeds the channel's deposit");
    session.paid = voucher.cumulativeAmount;
    session.voucher = voucher;
  }
}
