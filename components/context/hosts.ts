/** Every element this content script put in the page (panel and badge hosts), so its own insertions do not re-trigger the checks. */
export const ownHosts = new WeakSet<Node>();

/** True when a batch of page mutations only added or removed this content script's own elements. */
export function onlyOwnChanges(records: readonly MutationRecord[]): boolean {
  return records.every((r) => r.type === 'childList' && [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)].every((n) => ownHosts.has(n)));
}
