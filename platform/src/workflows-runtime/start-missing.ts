/**
 * Starts the workflows whose start was lost, one after another, and stops at the first that fails: Temporal is then
 * still unreachable, and the next sweep tries again rather than this one waiting out every call.
 */
export async function startMissing(ids: readonly string[], start: (id: string) => Promise<boolean>): Promise<number> {
  let started = 0;
  for (const id of ids) {
    if (!(await start(id))) break;
    started++;
  }
  return started;
}
