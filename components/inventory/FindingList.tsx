import type { Evidence, Finding } from '../../lib/findings/types.ts';
import { ApiText } from '../ApiText.tsx';
import { Badge } from './bits.tsx';
import { formatDate } from '../format.ts';
import { modelHref, pluginHref, serverHref } from './routes.ts';

const KIND: Record<Finding['kind'], { label: string; kind: 'info' | 'warn' | 'muted'; help: string }> = {
  fact: { label: 'Fact', kind: 'info', help: 'Stated by a source: the evidence below says which.' },
  inferred: { label: 'Inferred', kind: 'muted', help: 'Concluded from the facts below by a documented rule, not stated by a source.' },
  hint: { label: 'Hint', kind: 'warn', help: 'A guess from a name only. The tool or plugin may do something else: check it.' },
};

function EvidenceItem({ e }: { e: Evidence }) {
  const href = e.ref?.type === 'mcp-server' ? serverHref(e.ref.id) : e.ref?.type === 'plugin' ? pluginHref(e.ref.id) : e.ref?.type === 'model' ? modelHref(e.ref.id) : null;
  const id = e.id === null ? null : href ? (
    <a href={href}>
      <code>
        <ApiText>{e.id}</ApiText>
      </code>
    </a>
  ) : (
    <code>
      <ApiText>{e.id}</ApiText>
    </code>
  );
  return (
    <li data-testid="evidence">
      {e.source}
      {id && <> {id}</>}
      {e.date && (
        <>
          {' · '}
          <time dateTime={e.date}>{formatDate(e.date)}</time>
        </>
      )}
      {' · '}
      <ApiText>{e.detail}</ApiText>
    </li>
  );
}

/** Findings as statements with their evidence (record or event id, date, field). No scores. */
export function FindingList({ findings, label }: { findings: readonly Finding[]; label: string }) {
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((f) => (
        <li key={f.key} data-kind={f.kind} data-topic={f.topic}>
          <Badge kind={KIND[f.kind].kind} help={KIND[f.kind].help}>
            {KIND[f.kind].label}
          </Badge>{' '}
          <ApiText>{f.statement}</ApiText>
          <ul className="hint evidence" aria-label="Evidence">
            {f.evidence.map((e, i) => (
              <EvidenceItem key={i} e={e} />
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
