import { expect } from "chai";
import { MaxUint256, parseEther, toBeHex, Wallet } from "ethers";
import { AbortedError, InvalidParams } from "@dsp/core";
import { bindContracts, claimRewards, ContractRevertError, eligibleNodes, Ledger, listNodes, nodeStatus, registerNode, tokenBalance, unregisterNode, updateNode, withdrawNode, type TxProgress } from "./index.js";
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

  describe("choosing nodes for an upload", function () {
    this.timeout(300_000);
    let snapshot: string;
    before(async () => (snapshot = await chain.snapshot()));
    // 150 more nodes would be offered to every later test's uploads on this shared chain
    after(async () => chain.revert(snapshot));

    it("the pledge floor: the smallest volume pledges minSlash (what one missed period costs), and such a node is eligible", async () => {
      const small = await fundedAccount(chain, f.dir, parseEther("100"));
      try {
        const r = small.ledger.contracts.registry;
        const [minVolume, minSlash, perGiB] = await Promise.all([r.minVolume(), r.minSlash(), r.pledgePerGiB()]);
        const proportional = (minVolume * perGiB + (1n << 30n) - 1n) >> 30n;
        expect(proportional < minSlash, "the devnet's smallest volume asks less than minSlash by its size alone").to.equal(true);
        const s = await registerNode(small.ledger, { hostAddr: "/ip4/127.0.0.1/tcp/4555", volume: minVolume, serviceTime: 9_000_000n });
        expect(s).to.include({ pledge: minSlash, requiredPledge: minSlash });
        const found = await eligibleNodes(small.ledger, 1024n, (await chain.head()) + 1000n);
        expect(found.map((n) => n.address)).to.include(small.address);
        expect(await r.isEligible(small.address, minVolume + 1n, (await chain.head()) + 1000n), "no room for more than its volume").to.equal(false);
      } finally {
        small.ledger.destroy();
      }
    });

    it("asks the contract over the whole registry: of 150 registered nodes only the 140th is eligible, and it is the one found", async () => {
      const admin = await Ledger.connect({ rpcUrl: chain.url, deployments: chain.deployments, signer: chain.signer(0), pollingIntervalMs: 20 });
      try {
        const volume = 64n * MIB;
        const head = await chain.head();
        const wallets = Array.from({ length: 150 }, () => Wallet.createRandom().connect(chain.provider));
        const pledge = await admin.contracts.registry.requiredPledge(volume);
        let nonce = await chain.provider.getTransactionCount(chain.signer(0).address);
        const mints = [];
        for (const w of wallets) {
          await chain.send("hardhat_setBalance", [w.address, toBeHex(parseEther("10"))]);
          mints.push(await admin.contracts.token.mint(w.address, pledge, { nonce: nonce++ }));
        }
        await Promise.all(mints.map((t) => t.wait()));
        const registry = await admin.contracts.registry.getAddress();
        await Promise.all(wallets.map(async (w) => (await bindContracts(chain.deployments, w).token.approve(registry, MaxUint256)).wait()));
        // One after another, so that the registry's order is the wallets' order. Every node has
        // room and pledge; all but the 140th serve too briefly for a file living to `expiry`.
        const expiry = head + 100_000_000n;
        for (const [i, w] of wallets.entries()) {
          const serviceTime = i === 139 ? expiry : expiry - 1n;
          await (await bindContracts(chain.deployments, w).registry.register(`/ip4/127.0.0.1/tcp/${20_000 + i}`, volume, serviceTime)).wait();
        }
        const total = await admin.contracts.registry.nodeCount();
        expect(total >= 150n).to.equal(true);
        const [page] = await admin.contracts.registry.nodesPage(0n, total);
        expect(page.indexOf(wallets[139].address), "past the first page of 100").to.be.greaterThanOrEqual(100);

        const found = await eligibleNodes(admin, MIB, expiry);
        expect(found.map((n) => n.address)).to.deep.equal([wallets[139].address]);
        expect(found[0]).to.include({ hostAddr: "/ip4/127.0.0.1/tcp/20139", restVolume: volume, serviceTime: expiry });
        // the contract's rule, not a copy of it: each node it turned down, it also calls ineligible
        for (const i of [0, 99, 100, 138, 149]) expect(await admin.contracts.registry.isEligible(wallets[i].address, MIB, expiry)).to.equal(false);
      } finally {
        admin.destroy();
      }
    });

    it("refuses a size or expiry that is not a whole number (40000), before any call", async () => {
      expect(await failure(eligibleNodes(node.ledger, -1, 10))).to.include({ code: 40000 });
      expect(await failure(eligibleNodes(node.ledger, 1, "soon"))).to.include({ code: 40000 });
    });
  });
});
