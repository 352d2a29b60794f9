import { open } from "node:fs/promises";

/**
 * fsyncs a directory so that a rename or link inside it survives a crash. Best effort: some file
 * systems refuse to open or sync a directory; then the data is still synced and only the new
 * name might be lost.
 */
export async function syncDir(dir: string): Promise<void> {
  try {
    const d = await open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // best effort, see above
  }
}
