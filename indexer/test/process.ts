/**
 * The indexer as a real child process (`indexer/main.ts` under tsx's loader), for crash tests:
 * its stdout lines, and the levers a test needs (SIGSTOP/SIGCONT to look at it between two
 * instructions, SIGKILL, SIGTERM). Node loads tsx in-process (`--import tsx`), so the pid is the
 * indexer's own: the `tsx` CLI would put a wrapper process in between that a SIGKILL would miss.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeDeployments, type Deployments } from "@dsp/ledger";
import { Wakeup } from "./wakeup.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MAIN = path.join(ROOT, "indexer", "main.ts");

export interface IndexerProcessOptions {
  rpcUrl: string;
  databaseUrl: string;
  deployments: Deployments;
  /** Extra command-line options (e.g. ["--finality", "8"]). */
  args?: string[];
}

/** A deployments file the child can read (`--network` + DSP_DEPLOYMENTS_DIR), removed by `dispose`. */
export function deploymentsDir(d: Deployments) {
  const dir = mkdtempSync(path.join(tmpdir(), "dsp-indexer-deployments-"));
  writeDeployments(d, path.join(dir, `${d.network}.json`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export class IndexerProcess {
  /** Every stdout line so far. */
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = "";
  private readonly changed = new Wakeup();

  private constructor(private readonly child: ChildProcess) {
    let pending = "";
    child.stdout!.on("data", (chunk) => {
      pending += chunk;
      const parts = pending.split("\n");
      pending = parts.pop()!;
      this.lines.push(...parts);
      this.changed.wake();
    });
    child.stderr!.on("data", (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on("exit", (code, signal) => {
      resolve({ code, signal });
      this.changed.wake();
    }));
  }

  static start(opts: IndexerProcessOptions & { deploymentsDir: string }) {
    const args = ["--import", "tsx", MAIN, "--network", opts.deployments.network, "--rpc", opts.rpcUrl, "--db", opts.databaseUrl,
      "--port", "0", ...(opts.args ?? [])];
    const child = spawn(process.execPath, args, {
      cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DSP_DEPLOYMENTS_DIR: opts.deploymentsDir },
    });
    return new IndexerProcess(child);
  }

  get pid() {
    return this.child.pid!;
  }

  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the first line `match` accepts; rejects if the process exits first or after `timeoutMs`. */
  async waitForLine(match: (line: string) => boolean, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find(match);
      if (line !== undefined) return line;
      if (!this.running) throw new Error(`indexer exited before printing the line awaited:\n${this.lines.join("\n")}\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such indexer line in ${timeoutMs} ms:\n${this.lines.slice(-20).join("\n")}\n${this.stderr}`);
      await this.changed.wait(left);
    }
  }

  /** Freezes the process where it is (SIGSTOP); `resume` lets it go on. */
  pause() {
    this.child.kill("SIGSTOP");
  }

  resume() {
    this.child.kill("SIGCONT");
  }

  /** SIGKILL: no handler runs, nothing is flushed or closed. Resolves once it is gone; rejects if it had already ended on its own. */
  async kill() {
    if (this.running) this.child.kill("SIGKILL");
    const { code, signal } = await this.exited;
    if (signal !== "SIGKILL") throw new Error(`indexer ended on its own (code ${code}, signal ${signal}) before the kill:\n${this.stderr}`);
  }

  /** SIGTERM: the indexer's own orderly stop (SIGKILL if it has not ended in `timeoutMs`). */
  async stop(timeoutMs = 30_000) {
    if (!this.running) return this.exited;
    this.child.kill("SIGCONT");
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** What it wrote to stderr (for failure messages). */
  get errors() {
    return this.stderr;
  }
}

/** The state letter of /proc/<pid>/stat ("T" once a SIGSTOP has taken effect); undefined off Linux. */
function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return undefined;
  }
}

export interface KillOptions {
  /**
   * Once `midWrite` has matched, go on in small steps until this says no write is under way (the
   * transaction just committed) and kill there instead: the moment a batch split over two
   * transactions would show half of itself.
   */
  afterCommit?: () => Promise<boolean>;
  /** Stop trying (resolving killed: false, the process resumed) once this says so. */
  giveUp?: () => boolean;
  maxAttempts?: number;
  timeoutMs?: number;
}

/**
 * Freezes `proc` at moments a few milliseconds apart until `midWrite` says it is inside a
 * transaction it has written to, then SIGKILLs it there (it never runs again, so that transaction
 * never commits), or just after that transaction commits (`afterCommit`). Returns whether it
 * killed and how many times it looked.
 */
export async function killMidWrite(proc: IndexerProcess, midWrite: () => Promise<boolean>,
  { afterCommit, giveUp = () => false, maxAttempts = 5000, timeoutMs = 120_000 }: KillOptions = {}) {
  const deadline = Date.now() + timeoutMs;
  let searches = 0; // looks for the write; the steps waiting for its commit are bounded by the time only
  let looks = 0;
  let writing = false;
  while ((writing || searches < maxAttempts) && Date.now() < deadline && !giveUp()) {
    looks++;
    if (!writing) searches++;
    if (!proc.running) throw new Error(`indexer exited:\n${proc.lines.slice(-20).join("\n")}\n${proc.errors}`);
    proc.pause();
    // SIGSTOP takes effect asynchronously: look only once the process is really frozen.
    for (let i = 0; i < 1000 && procState(proc.pid) !== "T" && procState(proc.pid) !== undefined; i++) await new Promise((r) => setImmediate(r));
    if (writing ? await afterCommit!() : await midWrite()) {
      if (writing || !afterCommit) {
        await proc.kill();
        return { killed: true, attempts: looks };
      }
      writing = true;
    }
    proc.resume();
    // let it run 0-3 ms (plus timer slack) before the next look; while waiting for the commit, as little as possible
    await new Promise((r) => (writing ? setImmediate(r) : setTimeout(r, looks % 4)));
  }
  if (proc.running) proc.resume();
  return { killed: false, attempts: looks };
}
