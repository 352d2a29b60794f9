/**
 * The ends of things, played after runScenario: a file deleted and one expired, a file stored in
 * prepaid user space and deleted (its bytes and refund back to the space), a space revoked, a node unregistered
 * and one withdrawn, a channel closed the slow way (startClose, challenge, settle) and one closed at
 * once by its recipient, a header registered, renewed, transferred and deleted, and one left to expire,
 * a SCAN server slashed for a false signed answer, another one quit and withdrawn.
 */
import { keccak256, type Signer } from "ethers";
import { KeyPair } from "@dsp/core";
import { CLAIM_KIND, encodeAnswer, signClaim } from "@dsp/ledger";
import { Actors } from "@dsp/testkit";
import type { TestChain } from "@dsp/testkit";
import type { ScenarioResult } from "@dsp/testkit";

const E18 = 10n ** 18n;

export interface EndingsResult {
  /** Refunds as the FileDeleted / FileExpired events gave them. */
  deletedRefund: bigint;
  expiredRefund: bigint;
  /** The channel closed by the recipient at once. */
  closedChannelId: string;
  /** The file stored in the owner's user space and deleted. */
  spaceFileHash: string;
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

export async function runEndings(chain: TestChain, { actors, a, b, channelId }: ScenarioResult): Promise<EndingsResult> {
  const owner = actors.as(actors.owner);
  const sender = actors.as(actors.other);
  const channels = sender.channels;
  const domain = { name: "DSP PaymentChannels", version: "1", chainId: chain.deployments.chainId, verifyingContract: await channels.getAddress() };
  const voucher = async (id: string, cumulativeAmount: bigint) => {
    const signature = await (actors.other as Signer).signTypedData(domain,
      { Voucher: [{ name: "channelId", type: "bytes32" }, { name: "cumulativeAmount", type: "uint256" }] }, { channelId: id, cumulativeAmount });
    return [{ channelId: id, cumulativeAmount }, signature] as const;
  };

  // SCAN server 0 signs that file a belongs to "other"; the reporter challenges it. Server 1 leaves.
  const scanKey = KeyPair.fromPrivateKey(chain.wallet(Actors.SCAN_ACCOUNTS[0]).privateKey);
  const registry = actors.as(actors.reporter).scanRegistry;
  const lie = signClaim(scanKey, {
    kind: CLAIM_KIND.FILE_OWNER, subject: a.fileHash, answer: encodeAnswer(CLAIM_KIND.FILE_OWNER, actors.other.address), height: await chain.head(),
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
  const deleted = await (await owner.ledger.deleteFiles([b.fileHash])).wait();
  const deletedRefund = eventArg(deleted, owner.ledger.interface, "FileDeleted", "refund") as bigint;

  const info = await owner.ledger.getFileInfo(a.fileHash);
  const closesAt = (await channels.getChannel(channelId)).closesAt;
  const until = [info.expiredHeight + info.proofWindow, closesAt, brief].reduce((x, y) => (x > y ? x : y));
  const now = await chain.head();
  if (now <= until) await chain.mine(until - now + 1n);

  await (await channels.settle(channelId)).wait();
  // the quick close: the recipient ends a fresh channel with its voucher
  const opened = await (await channels.open(actors.nodes[1].address, 3n * E18, 10n)).wait();
  const closedChannelId = eventArg(opened, channels.interface, "ChannelOpened", "channelId") as string;
  await (await actors.as(actors.nodes[1]).channels.close(...(await voucher(closedChannelId, E18)))).wait();
  const expired = await (await actors.as(actors.reporter).ledger.settleExpired(a.fileHash)).wait();
  const expiredRefund = eventArg(expired, owner.ledger.interface, "FileExpired", "refund") as bigint;

  // user space: the owner stores a file in its space and deletes it; "other" buys a space and revokes it
  const space = await owner.userSpace.getUserSpace(actors.owner.address);
  await (await owner.userSpace.addUserSpace(0n, space.expiredHeight + 1n, 100n * E18)).wait();
  const spaceFile = await actors.storeFile("in-space", [0], [], { storageType: 0 });
  await (await owner.ledger.deleteFiles([spaceFile.fileHash])).wait();
  await (await sender.userSpace.addUserSpace(1n << 20n, (await chain.head()) + 100n, 0n)).wait();
  await (await sender.userSpace.revoke()).wait();

  await (await actors.as(actors.scans[1]).scanRegistry.withdraw()).wait(); // the notice period passed above

  // node 3 was only ever a candidate, so it can leave with its pledge; node 1 only unregisters
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
  return { deletedRefund, expiredRefund, closedChannelId, spaceFileHash: spaceFile.fileHash, scanSlash };
}
