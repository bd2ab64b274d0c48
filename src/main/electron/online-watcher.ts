/**
 * Main has no 'online' event: poll Electron's net.isOnline() and report each offline → online transition,
 * so the core catches up at once instead of waiting for its next reconnect attempt.
 */
export function watchOnline(isOnline: () => boolean, onOnline: () => void, intervalMs = 5000): () => void {
  let wasOnline = isOnline();
  const timer = setInterval(() => {
    const online = isOnline();
    if (online && !wasOnline) onOnline();
    wasOnline = online;
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
