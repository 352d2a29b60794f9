import { expect } from "chai";
import { parseEther } from "ethers";
import { AbortedError, InvalidParams } from "@dsp/core";
import { claimRewards, ContractRevertError, listNodes, nodeStatus, registerNode, tokenBalance, unregisterNode, updateNode, withdrawNode, type TxProgress } from "./index.js";
import { failure, fundedAccount, type TestAccount, type TestChain, withAccounts } from "@dsp/testkit";

const MIB = 1n << 20n;

describe("ledger: nodes", function () {
  const f = withAccounts("dsp-ledger-nodes-", 1);
  let chain: TestChain;
  let node: TestAccount;
  before(async () => {
    chain = f.chain;
    [node] = f.accounts;
  });

  it("registers a node, pulling exactly the pledge its volume requires, and reports progress", async () => {
    const before = await tokenBalance(node.ledger, node.address);
    const events: TxProgress[] = [];
    const s = await registerNode(node.ledger, { hostAddr: "/ip4/127.0.0.1/tcp/4001", volume: 64n * MIB, serviceTime: 1_000_000n }, { onProgress: (e) => events.push(e) });
    expect(s).to.include({ status: "active", hostAddr: "/ip4/127.0.0.1/tcp/4001", volume: 64n * MIB, restVolume: 64n * MIB, serviceTime: 1_000_000n });
    expect(s.pledge).to.equal(s.requiredPledge);
    expect(s.pledge > 0n, "pledge above zero").to.equal(true);
    expect(before - (await tokenBalance(node.ledger, node.address))).to.equal(s.pledge);
    // approve + register, each sent then confirmed
    expect(events.map((e) => e.type)).to.deep.equal(["ledger:tx:sent", "ledger:tx:confirmed", "ledger:tx:sent", "ledger:tx:confirmed"]);
    expect((await listNodes(node.ledger)).map((n) => n.address)).to.include(node.address);
  });

  it("refuses a second registration with the register code 55030", async () => {
    const e = await failure(registerNode(node.ledger, { hostAddr: "/ip4/127.0.0.1/tcp/4002", volume: 64n * MIB, serviceTime: 1_000_000n }));
    expect(e).to.be.instanceOf(ContractRevertError);
    expect(e).to.include({ code: 55030, codeName: "DSP_NODE_REGISTER_FAILED", reason: "NodeAlreadyRegistered" });
    expect(e.message).to.match(/^register node: 0x[0-9a-fA-F]{40} is already registered as a node \(DSP 55030 DSP_NODE_REGISTER_FAILED\)/);
  });

  it("updates volume and refunds the pledge a smaller volume no longer needs", async () => {
    const before = await nodeStatus(node.ledger, node.address);
    const balance = await tokenBalance(node.ledger, node.address);
    const after = await updateNode(node.ledger, { hostAddr: "/ip4/127.0.0.1/tcp/4009", volume: 32n * MIB, serviceTime: 2_000_000n });
    expect(after).to.include({ hostAddr: "/ip4/127.0.0.1/tcp/4009", volume: 32n * MIB, serviceTime: 2_000_000n });
    expect((await tokenBalance(node.ledger, node.address)) - balance).to.equal(before.pledge - after.pledge);
  });

  it("refuses a volume below the minimum with the update code 55032", async () => {
    const e = await failure(updateNode(node.ledger, { hostAddr: "/ip4/127.0.0.1/tcp/4009", volume: 1n, serviceTime: 2_000_000n }));
    expect(e).to.include({ code: 55032, reason: "VolumeTooSmall" });
  });

  it("refuses a registration the account cannot pledge for: 40006 INSUFFICIENT_BALANCE, and nothing changes", async () => {
    const poor = await fundedAccount(chain, f.dir, parseEther("1"));
    try {
      const e = await failure(registerNode(poor.ledger, { hostAddr: "/ip4/127.0.0.1/tcp/4003", volume: 1n << 40n, serviceTime: 1_000_000n }));
      expect(e).to.include({ code: 40006, codeName: "INSUFFICIENT_BALANCE", reason: "ERC20InsufficientBalance" });
      expect((await nodeStatus(poor.ledger, poor.address)).status).to.equal("none");
    } finally {
      poor.ledger.destroy();
    }
  });

  it("checks input before sending: an empty host address is 40000 INVALID_PARAMS", async () => {
    const e = await failure(registerNode(node.ledger, { hostAddr: "", volume: MIB, serviceTime: 10n }));
    expect(e).to.be.instanceOf(InvalidParams);
    expect(e.code).to.equal(40000);
  });

  it("stops before sending when the signal is already aborted", async () => {
    const ac = new AbortController();
    ac.abort();
    const e = await failure(unregisterNode(node.ledger, { signal: ac.signal }));
    expect(e).to.be.instanceOf(AbortedError);
    expect((await nodeStatus(node.ledger, node.address)).status).to.equal("active");
  });

  it("withdraw needs an unregistered node (55033); after unregister it returns the whole pledge", async () => {
    expect(await failure(withdrawNode(node.ledger))).to.include({ code: 55033, reason: "NodeStillActive" });
    expect((await unregisterNode(node.ledger)).status).to.equal("quit");
    expect(await failure(unregisterNode(node.ledger))).to.include({ code: 55031, reason: "NodeNotActive" });
    const { pledge } = await nodeStatus(node.ledger, node.address);
    const balance = await tokenBalance(node.ledger, node.address);
    expect(await withdrawNode(node.ledger)).to.equal(pledge);
    expect((await tokenBalance(node.ledger, node.address)) - balance).to.equal(pledge);
    expect((await nodeStatus(node.ledger, node.address)).status).to.equal("none");
  });

  it("claiming with no rewards is 40006 (NothingToClaim)", async () => {
    expect(await failure(claimRewards(node.ledger))).to.include({ code: 40006, reason: "NothingToClaim" });
  });

  it("a read-only client refuses to send (40007 NO_ACCOUNT)", async () => {
    const { Ledger } = await import("./connect.js");
    const ro = await Ledger.connect({ rpcUrl: chain.url, deployments: chain.deployments });
    try {
      expect(await failure(unregisterNode(ro))).to.include({ code: 40007 });
    } finally {
      ro.destroy();
    }
  });
});
