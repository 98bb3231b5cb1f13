/** A live status line; screen readers announce changes. */
export function Status({ kind, children }: { kind: 'ok' | 'error' | 'warning' | 'info'; children: React.ReactNode }) {
  return (
    <div className={`status ${kind === 'info' ? '' : kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
