export function StatTile({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="tile" role="group" aria-label={label}>
      <div className="value">{typeof value === 'number' ? value.toLocaleString('en-US') : value}</div>
      <div className="label">{label}</div>
    </div>
  );
}
