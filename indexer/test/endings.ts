/**
 * The ends of things, played after runDealScenario: deals ending every way the ledger ends them
 * (a slot refunded when its node declines and no candidate is left, a deal deleted with a holder
 * and an open offer, one deleted while its holder's proof set is frozen and compacted after the
 * period's proof, the deleted "b" stored again under its dealId, an offer left to lapse with
 * nobody behind it, so the deal is lost, "a" and "a2" settled after expiry, a deal in prepaid user
 * space deleted), a space revoked, a node unregistered and one withdrawn, a channel closed the slow
 * way (startClose, challenge, settle) and one closed at once by its recipient, a header registered,
 * renewed, transferred and deleted, and one left to expire, a SCAN server slashed for a false
 * signed answer, another one quit and withdrawn.
 */
import { keccak256, type Signer } from "ethers";
import { KeyPair } from "@dsp/core";
import { CLAIM_KIND, encodeAnswer, signClaim } from "@dsp/ledger";
import type { TestChain } from "@dsp/testkit";
import { DealActors, type DealFile, type DealScenario } from "./deals.js";

const E18 = 10n ** 18n;

export interface EndingsResult {
  /** Refunds as the FileDeleted / FileExpired / FileLost events gave them. */
  deletedRefund: bigint;
  expiredRefund: bigint;
  lostRefund: bigint;
  /** SlotRefunded's amount: node 1 declined "f" and no candidate was left. */
  slotRefund: bigint;
  /** "f" (node 0 holds it, node 1 declined), "g" (deleted with node 0 holding and node 2 offered), "e" (lost), "b" stored again. */
  f: DealFile;
  /** "h": deleted inside node 0's frozen range; at block hLeaving its piece is still in the tree (removed), compacted right after. */
  h: DealFile;
  hLeaving: bigint;
  g: DealFile;
  e: DealFile;
  bAgain: DealFile;
  /** The channel closed by the recipient at once. */
  closedChannelId: string;
  /** The deal stored in the owner's user space and deleted. */
  spaceFile: DealFile;
  /** The ScanNodeSlashed event's amount and reward. */
  scanSlash: { amount: bigint; reward: bigint };
}

type Parsed = { name: string; args: Record<string, unknown> } | null;
type Receipt = { logs: unknown[] } | null;

function eventArg(receipt: Receipt, iface: { parseLog(l: never): Parsed }, event: string, arg: string) {
  for (const l of receipt!.logs) {
    const p = iface.parseLog(l as never);
    if (p?.name === event) return p.args[arg];
  }
  throw new Error(`no ${event} in the receipt`);
}

export async function runEndings(chain: TestChain, { actors, a, b, a2, channelId }: DealScenario): Promise<EndingsResult> {
  const owner = actors.as(actors.owner);
  const sender = actors.as(actors.other);
  const channels = sender.channels;
  const domain = { name: "DSP PaymentChannels", version: "1", chainId: chain.deployments.chainId, verifyingContract: await channels.getAddress() };
  const voucher = async (id: string, cumulativeAmount: bigint) => {
    const signature = await (actors.other as Signer).signTypedData(domain,
      { Voucher: [{ name: "channelId", type: "bytes32" }, { name: "cumulativeAmount", type: "uint256" }] }, { channelId: id, cumulativeAmount });
    return [{ channelId: id, cumulativeAmount }, signature] as const;
  };

  // SCAN server 0 signs that deal a belongs to "other"; the reporter challenges it. Server 1 leaves.
  const scanKey = KeyPair.fromPrivateKey(chain.wallet(DealActors.SCAN_ACCOUNTS[0]).privateKey);
  const registry = actors.as(actors.reporter).scanRegistry;
  const lie = signClaim(scanKey, {
    kind: CLAIM_KIND.FILE_OWNER, subject: a.dealId, answer: encodeAnswer(CLAIM_KIND.FILE_OWNER, actors.other.address), height: await chain.head(),
  }, await registry.getAddress(), chain.deployments.chainId);
  const slashed = await (await registry.challenge({ kind: lie.kind, subject: lie.subject, answerHash: keccak256(lie.answer), height: lie.height }, lie.answer, lie.signature)).wait();
  const scanSlash = {
    amount: eventArg(slashed, registry.interface, "ScanNodeSlashed", "amount") as bigint,
    reward: eventArg(slashed, registry.interface, "ScanNodeSlashed", "reward") as bigint,
  };
  await (await actors.as(actors.scans[1]).scanRegistry.quit()).wait();

  const recipient = actors.as(actors.nodes[0]).channels;
  // the slow close: collect 1, the sender admits 1.5, the recipient shows a voucher for 2, settle after the period
  await (await recipient.collect(...(await voucher(channelId, E18)))).wait();
  await (await channels.startClose(channelId, (3n * E18) / 2n)).wait();
  await (await recipient.challenge(...(await voucher(channelId, 2n * E18)))).wait();
  const brief = (await chain.head()) + 10n;
  await (await owner.dns.registerHeader("brief", "short", brief)).wait();
  await (await owner.dns.registerUrl(3, "brief", "page", "dsp://brief", "", 0n)).wait();

  // f: node 0 accepts, node 1 declines with no candidate behind it: its slot's escrow goes back
  const f = await actors.storeFile("f", [0, 1], []);
  await actors.accept(f, 0);
  const declined = await (await actors.as(actors.nodes[1]).ledger.declineDeal(f.dealId)).wait();
  const slotRefund = eventArg(declined, owner.ledger.interface, "SlotRefunded", "amount") as bigint;
  // g: deleted while node 0 holds it and node 2's offer is open; b deleted too, then stored again
  const g = await actors.storeFile("g", [0, 2], []);
  await actors.accept(g, 0);
  const deleted = await (await owner.ledger.deleteFiles([b.dealId, g.dealId])).wait();
  const deletedRefund = eventArg(deleted, owner.ledger.interface, "FileDeleted", "refund") as bigint;
  const bAgain = await actors.storeFile("b", [2], []);
  await actors.accept(bAgain, 2);
  // h: deleted while node 0's proof set is frozen (its piece stays challenged through that period, then
  // leaves by compact once the period is proved)
  const h = await actors.storeFile("h", [0], []);
  await actors.accept(h, 0);
  const frozen = await actors.schedule(0);
  const at = await chain.head();
  if (at + 1n < frozen.seedFrom) await chain.mine(frozen.seedFrom - at - 1n);
  await (await owner.ledger.deleteFiles([h.dealId])).wait();
  await actors.prove(0);
  const hLeaving = await chain.head();
  await (await actors.as(actors.reporter).verifier.compact(actors.nodes[0].address, 10)).wait();
  // e: offered to node 3 alone, never accepted
  const e = await actors.storeFile("e", [3], []);
  const eUntil = (await owner.ledger.holdersOf(e.dealId))[1][0].offeredUntil;

  const info = await owner.ledger.getFileInfo(a.dealId);
  const closesAt = (await channels.getChannel(channelId)).closesAt;
  const until = [info.expiredHeight, (await owner.ledger.getFileInfo(a2.dealId)).expiredHeight, closesAt, brief, eUntil].reduce((x, y) => (x > y ? x : y));
  const now = await chain.head();
  if (now <= until) await chain.mine(until - now + 1n);

  await (await channels.settle(channelId)).wait();
  // the quick close: the recipient ends a fresh channel with its voucher
  const opened = await (await channels.open(actors.nodes[1].address, 3n * E18, 10n)).wait();
  const closedChannelId = eventArg(opened, channels.interface, "ChannelOpened", "channelId") as string;
  await (await actors.as(actors.nodes[1]).channels.close(...(await voucher(closedChannelId, E18)))).wait();
  const lapsed = await (await actors.as(actors.reporter).ledger.lapseOffer(e.dealId, actors.nodes[3].address)).wait();
  const lostRefund = eventArg(lapsed, owner.ledger.interface, "FileLost", "refund") as bigint;
  const expired = await (await actors.as(actors.reporter).ledger.settleExpired(a.dealId)).wait();
  const expiredRefund = eventArg(expired, owner.ledger.interface, "FileExpired", "refund") as bigint;
  await (await actors.as(actors.reporter).ledger.settleExpired(a2.dealId)).wait();

  // user space: the owner stores a deal in its space and deletes it; "other" buys a space and revokes it
  const space = await owner.userSpace.getUserSpace(actors.owner.address);
  await (await owner.userSpace.addUserSpace(0n, space.expiredHeight + 1n, 100n * E18)).wait();
  const spaceFile = await actors.storeFile("in-space", [0], [], { storageType: 0 });
  await (await owner.ledger.deleteFiles([spaceFile.dealId])).wait();
  await (await sender.userSpace.addUserSpace(1n << 20n, (await chain.head()) + 100n, 0n)).wait();
  await (await sender.userSpace.revoke()).wait();

  await (await actors.as(actors.scans[1]).scanRegistry.withdraw()).wait(); // the notice period passed above

  // node 3's only deal (a2) was settled, so it can leave with its pledge; node 1 only unregisters
  await (await actors.as(actors.nodes[1]).registry.unregister()).wait();
  await (await actors.as(actors.nodes[3]).registry.unregister()).wait();
  await (await actors.as(actors.nodes[3]).registry.withdraw()).wait();

  // acme lives a full life and is deleted by its second owner
  const head = await chain.head();
  await (await owner.dns.registerHeader("acme", "first owner", head + 500n)).wait();
  await (await owner.dns.registerUrl(3, "acme", "site", "dsp://acme", "", 0n)).wait();
  await (await owner.dns.renewHeader("acme", head + 600n)).wait();
  await (await owner.dns.transferHeader("acme", actors.other.address)).wait();
  await (await sender.dns.deleteHeader("acme")).wait();
  return { deletedRefund, expiredRefund, lostRefund, slotRefund, f, g, e, bAgain, h, hLeaving, closedChannelId, spaceFile, scanSlash };
}
