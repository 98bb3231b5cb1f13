import { useMemo } from 'react';
import type { McpServerRow } from '../../lib/sources/compliance/tables.ts';
import { permissionLabel, serverFindings } from './catalog.ts';
import { useToolPolicies } from './data.ts';
import { Badge, DateText } from './bits.tsx';
import { toolPolicyViews } from './model.ts';
import { ApiText } from '../ApiText.tsx';
import { ExportMenu } from '../table/ExportMenu.tsx';
import { TOOL_POLICY_EXPORT } from './exports.ts';

const PERMISSION_CLASS: Record<string, string> = { allow: 'perm-allow', ask: 'perm-ask', blocked: 'perm-blocked' };
const SEVERITY: Record<string, { kind: 'danger' | 'warn' | 'muted'; label: string }> = {
  warning: { kind: 'danger', label: 'Warning' },
  notice: { kind: 'warn', label: 'Notice' },
  info: { kind: 'muted', label: 'Info' },
};

/** Current tool policies of one server: Name, Date, Set by, Max permissions ("No data" when none was ever set), then fact-based findings. */
export function ToolPermissions({ server }: { server: McpServerRow }) {
  const rows = useToolPolicies(server.id);
  const policies = useMemo(() => (rows ? toolPolicyViews(rows, permissionLabel) : undefined), [rows]);
  const findings = useMemo(() => (rows ? serverFindings(server, rows) : []), [rows, server]);
  return (
    <div className="stack">
      {policies && policies.length > 0 && (
        <div className="caption-row">
          <span />
          <ExportMenu label={`${server.name || server.id} tool permissions`} rows={() => policies} columns={TOOL_POLICY_EXPORT} />
        </div>
      )}
      <table className="compact tools">
        <caption className="sr-only">Tools & permissions</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Date</th>
            <th scope="col">Set by</th>
            <th scope="col">Max permissions</th>
          </tr>
        </thead>
        <tbody>
          {policies === undefined ? (
            <tr>
              <td colSpan={4} className="empty">
                Loading…
              </td>
            </tr>
          ) : policies.length === 0 ? (
            <tr>
              <td colSpan={4} className="empty">
                No data
              </td>
            </tr>
          ) : (
            policies.map((p) => (
              <tr key={p.key}>
                <td>{p.isDefault ? <strong>{p.name}</strong> : <code><ApiText>{p.name}</ApiText></code>}</td>
                <td>
                  <DateText iso={p.at} />
                </td>
                <td><ApiText>{p.setBy}</ApiText></td>
                <td>
                  <span className={`perm ${PERMISSION_CLASS[p.permission] ?? 'perm-unknown'}`} title={p.known ? undefined : 'A permission value this version does not know, shown as sent.'}>
                    {p.permissionLabel}
                  </span>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <p className="hint">
        Only tools whose permission an admin has set appear here: the Compliance API has no list of a server&apos;s tools. “Max permissions” is a ceiling; members can
        be stricter, never looser. The row “All tools (server-wide default)” applies to every tool without its own row.
      </p>
      {findings.length > 0 && (
        <section aria-labelledby="findings-h">
          <h3 id="findings-h">Findings</h3>
          <ul className="findings">
            {findings.map((f) => (
              <li key={f.key}>
                <Badge kind={SEVERITY[f.severity]?.kind ?? 'muted'}>{SEVERITY[f.severity]?.label ?? f.severity}</Badge> {f.statement}
                <details>
                  <summary className="hint">Facts</summary>
                  <ul className="hint">
                    {f.facts.map((x, i) => (
                      <li key={i}>{x}</li>
                    ))}
                    {f.references.map((r) => (
                      <li key={r}>See {r}</li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
