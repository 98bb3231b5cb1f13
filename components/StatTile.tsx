export function StatTile({ label, value, note }: { label: string; value: string | number; note?: string | null }) {
  return (
    <div className="tile" role="group" aria-label={label}>
      <div className="value">{typeof value === 'number' ? value.toLocaleString('en-US') : value}</div>
      <div className="label">{label}</div>
      {note && <div className="hint">{note}</div>}
    </div>
  );
}
