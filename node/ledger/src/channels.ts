/**
 * Payment channels from a downloader (sender) to a seeder (recipient): open (approving the
 * deposit), top up, collect and close with a voucher (recipient), start a close (sender), settle,
 * and listing. Vouchers themselves are in voucher.ts.
 */
import type { TypedDataDomain } from "ethers";
import type { Ledger } from "./connect.js";
import { CHANNEL_STATUS } from "./names.js";
import { bytes32, evmAddress, tokenAmount, uint } from "./input.js";
import { ensureAllowance } from "./token.js";
import { query, transact, type TxOptions } from "./tx.js";
import { voucherDomain, type SignedVoucher } from "./voucher.js";

const REST = "rest_error" as const;
const OPEN = { what: "open channel", code: 50030 };
const PAY = { what: "collect from channel", code: 50032 };
const CLOSE = { what: "close channel", code: 40005, table: REST };
const READ = { what: "read channel", code: 40005, table: REST };

export { CHANNEL_STATUS };

export interface ChannelInfo {
  channelId: string;
  sender: string;
  recipient: string;
  status: (typeof CHANNEL_STATUS)[number];
  challengePeriod: bigint;
  closesAt: bigint;
  deposit: bigint;
  collected: bigint;
  closingAmount: bigint;
}

/** The EIP-712 domain of this deployment's vouchers. */
export function channelsDomain(ledger: Ledger): TypedDataDomain {
  return voucherDomain(ledger.deployments.chainId, ledger.deployments.contracts.channels);
}

/** Opens a channel to `recipient` escrowing `deposit` (DSP units or wei); the minimum challenge period unless given. */
export async function openChannel(ledger: Ledger, recipient: string, deposit: bigint | string, challengePeriod?: bigint | number | string, opts?: TxOptions): Promise<ChannelInfo> {
  ledger.address(OPEN.what);
  const to = evmAddress(recipient, "recipient");
  const wei = tokenAmount(deposit, "deposit");
  const c = ledger.contracts.channels;
  const period = challengePeriod === undefined ? await query(OPEN, "PaymentChannels", () => c.minChallengePeriod()) : uint(challengePeriod, "challenge period", { min: 1n });
  await ensureAllowance(ledger, await c.getAddress(), wei, opts);
  const receipt = await transact(OPEN, "PaymentChannels", () => c.open(to, wei, period), opts);
  const opened = receipt.logs.map((l) => c.interface.parseLog(l)).find((e) => e?.name === "ChannelOpened");
  return getChannel(ledger, opened!.args.channelId);
}

export async function topUpChannel(ledger: Ledger, channelId: string, amount: bigint | string, opts?: TxOptions): Promise<ChannelInfo> {
  ledger.address(OPEN.what);
  const id = bytes32(channelId, "channel id");
  const wei = tokenAmount(amount, "amount");
  const c = ledger.contracts.channels;
  await ensureAllowance(ledger, await c.getAddress(), wei, opts);
  await transact({ ...OPEN, what: "top up channel" }, "PaymentChannels", () => c.topUp(id, wei), opts);
  return getChannel(ledger, id);
}

/** Recipient: takes what `voucher` owes beyond what was collected; the channel stays open. */
export async function collectChannel(ledger: Ledger, voucher: SignedVoucher, opts?: TxOptions): Promise<ChannelInfo> {
  ledger.address(PAY.what);
  await transact(PAY, "PaymentChannels", () => ledger.contracts.channels.collect(voucher, voucher.signature), opts);
  return getChannel(ledger, voucher.channelId);
}

/** Recipient: closes at once with its best voucher (the rest of the deposit goes back to the sender). */
export async function closeChannel(ledger: Ledger, voucher: SignedVoucher, opts?: TxOptions): Promise<ChannelInfo> {
  ledger.address(CLOSE.what);
  await transact(CLOSE, "PaymentChannels", () => ledger.contracts.channels.close(voucher, voucher.signature), opts);
  return getChannel(ledger, voucher.channelId);
}

/** Sender: starts closing, admitting it owes `cumulativeAmount` in total; the recipient may challenge. */
export async function startCloseChannel(ledger: Ledger, channelId: string, cumulativeAmount: bigint | string = 0n, opts?: TxOptions): Promise<ChannelInfo> {
  ledger.address(CLOSE.what);
  const id = bytes32(channelId, "channel id");
  const wei = tokenAmount(cumulativeAmount, "amount owed", { allowZero: true });
  await transact({ ...CLOSE, what: "start closing channel" }, "PaymentChannels", () => ledger.contracts.channels.startClose(id, wei), opts);
  return getChannel(ledger, id);
}

/** Anyone with a higher voucher, during the challenge period. */
export async function challengeChannel(ledger: Ledger, voucher: SignedVoucher, opts?: TxOptions): Promise<ChannelInfo> {
  ledger.address(PAY.what);
  await transact({ ...PAY, what: "challenge channel close" }, "PaymentChannels", () => ledger.contracts.channels.challenge(voucher, voucher.signature), opts);
  return getChannel(ledger, voucher.channelId);
}

/** Ends a closing channel (anyone after the challenge period, the recipient at any time). */
export async function settleChannel(ledger: Ledger, channelId: string, opts?: TxOptions): Promise<ChannelInfo> {
  ledger.address(CLOSE.what);
  const id = bytes32(channelId, "channel id");
  await transact({ ...CLOSE, what: "settle channel" }, "PaymentChannels", () => ledger.contracts.channels.settle(id), opts);
  return getChannel(ledger, id);
}

export async function getChannel(ledger: Ledger, channelId: string): Promise<ChannelInfo> {
  const id = bytes32(channelId, "channel id");
  const ch = await query(READ, "PaymentChannels", () => ledger.contracts.channels.getChannel(id));
  return {
    channelId: id, sender: ch.sender, recipient: ch.recipient, status: CHANNEL_STATUS[Number(ch.status)] ?? "none",
    challengePeriod: ch.challengePeriod, closesAt: ch.closesAt, deposit: ch.deposit, collected: ch.collected, closingAmount: ch.closingAmount,
  };
}

const PAGE = 100n;

/** Open and closing channels `who` pays (`paying`) and is paid by (`paid`). */
export async function listChannels(ledger: Ledger, who: string): Promise<{ paying: ChannelInfo[]; paid: ChannelInfo[] }> {
  const addr = evmAddress(who, "account");
  const c = ledger.contracts.channels;
  const page = async (count: () => Promise<bigint>, ids: (offset: bigint) => Promise<string[]>) => {
    const n = await query(READ, "PaymentChannels", count);
    const all: string[] = [];
    for (let offset = 0n; offset < n; offset += PAGE) all.push(...(await query(READ, "PaymentChannels", () => ids(offset))));
    return Promise.all(all.map((id) => getChannel(ledger, id)));
  };
  const [paying, paid] = await Promise.all([
    page(() => c.channelCountOf(addr), (o) => c.channelsOf(addr, o, PAGE)),
    page(() => c.channelCountTo(addr), (o) => c.channelsTo(addr, o, PAGE)),
  ]);
  return { paying, paid };
}
