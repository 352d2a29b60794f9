/**
 * The DSP token: balances, transfers, and the allowances the registry, ledger, DNS and channels
 * need before they pull a pledge, fee or deposit.
 */
import { ZeroAddress } from "ethers";
import type { Ledger } from "./connect.js";
import { evmAddress, tokenAmount } from "./input.js";
import { query, transact, type TxOptions } from "./tx.js";

const TRANSFER = { what: "transfer DSP", code: 50009, table: "rest_error" } as const;
const APPROVE = { what: "approve DSP", code: 50009, table: "rest_error" } as const;
const READ = { what: "read DSP balance", code: 50023 } as const;

export async function tokenBalance(ledger: Ledger, who: string): Promise<bigint> {
  const addr = evmAddress(who, "account");
  return query(READ, "DSPToken", () => ledger.contracts.token.balanceOf(addr));
}

export async function transferToken(ledger: Ledger, to: string, amount: bigint | string, opts?: TxOptions) {
  const dest = evmAddress(to, "recipient");
  const wei = tokenAmount(amount, "amount");
  ledger.address(TRANSFER.what);
  return transact(TRANSFER, "DSPToken", () => ledger.contracts.token.transfer(dest, wei), opts);
}

/**
 * Makes sure `spender` (a DSP contract) may pull `amount` from the signer: approves exactly
 * `amount` when the allowance is lower, sends nothing otherwise. Returns whether it approved.
 */
export async function ensureAllowance(ledger: Ledger, spender: string, amount: bigint, opts?: TxOptions): Promise<boolean> {
  const owner = ledger.address(APPROVE.what);
  if (amount === 0n || spender === ZeroAddress) return false;
  const current = await query(APPROVE, "DSPToken", () => ledger.contracts.token.allowance(owner, spender));
  if (current >= amount) return false;
  await transact(APPROVE, "DSPToken", () => ledger.contracts.token.approve(spender, amount), opts);
  return true;
}
