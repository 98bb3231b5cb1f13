import { useMemo } from 'react';
import { NO_PUBLIC_EVIDENCE } from '../../lib/catalog/models.ts';
import { Badge } from './bits.tsx';
import { riskProfile, storedEvaluations, type EvidenceView } from './catalog.ts';
import { useStoredEvaluations } from './data.ts';
import { EvaluationImport } from './EvaluationImport.tsx';
import { safeHttpUrl } from '../format.ts';

function Evidence({ e }: { e: EvidenceView }) {
  const url = safeHttpUrl(e.sourceUrl);
  return (
    <li className="evidence">
      <div>
        {e.metric && <span className="metric">{e.metric}: </span>}
        <strong>{e.value}</strong>
        {e.unit && <span className="muted"> {e.unit}</span>}
        {e.direction && <span className="hint"> ({e.direction})</span>} {e.imported && <Badge kind="muted">Imported</Badge>}
      </div>
      <div className="hint">
        Source:{' '}
        {url ? (
          <a href={url} target="_blank" rel="noopener noreferrer">
            {e.sourceTitle}
          </a>
        ) : (
          e.sourceTitle
        )}
        {e.sourceSection && <>, {e.sourceSection}</>} · {e.sourceDate}
      </div>
      {e.notes && <div className="hint">Notes: {e.notes}</div>}
    </li>
  );
}

/**
 * The five risk categories, each with only sourced evidence for this exact model id (bundled catalog) and the
 * organization's imported evaluations. A category without a record says so; nothing is estimated.
 */
export function RiskProfile({ modelId }: { modelId: string }) {
  const stored = useStoredEvaluations();
  const { records, invalid } = useMemo(() => storedEvaluations(stored), [stored]);
  const { groups, other } = useMemo(() => riskProfile(modelId, records), [modelId, records]);
  return (
    <div className="stack">
      <p className="hint">
        A value appears only when copied from a named source for this exact model version; a category without one reads “{NO_PUBLIC_EVIDENCE}”. Where an index from 0 to 1000
        is given, lower is better. Scores are never estimated or carried over from another model.
      </p>
      <ul className="risk-list" aria-label="Risk categories">
        {groups.map((g) => (
          <li key={g.key} className="risk-category">
            <h3>{g.category}</h3>
            {g.evidence.every((e) => e.imported) && <p className="muted no-evidence">{NO_PUBLIC_EVIDENCE}</p>}
            {g.evidence.length > 0 && (
              <ul className="evidence-list">
                {g.evidence.map((e) => (
                  <Evidence key={e.key} e={e} />
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {other.length > 0 && (
        <section aria-labelledby="other-evidence-h">
          <h3 id="other-evidence-h">Other sourced results</h3>
          <p className="hint">Results from sources whose categories do not match any of the five above (for example an overall grade across many hazards).</p>
          <ul className="evidence-list">
            {other.map((e) => (
              <li key={e.key} className="evidence-other">
                <span className="muted">{e.category}</span>
                <ul className="evidence-list">
                  <Evidence e={e} />
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
      {modelId !== '' && <EvaluationImport modelId={modelId} records={records} invalidStored={invalid} />}
    </div>
  );
}
