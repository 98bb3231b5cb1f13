import { useId, useState, type ChangeEvent } from 'react';
import { ORG_EVALUATION_COLUMNS } from '../../lib/catalog/org-evaluations.ts';
import { Status } from '../Status.tsx';
import { countForModel, issueText, mergeEvaluations, parseEvaluationFile, type EvaluationFileResult, type ImportedEvaluation } from './catalog.ts';
import { writeStoredEvaluations } from './data.ts';

const MAX_BYTES = 10 * 1024 * 1024;
const SHOWN_ISSUES = 50;

type Outcome =
  | { kind: 'ok'; total: number; forModel: number; warnings: string[] }
  | { kind: 'invalid'; fileName: string; result: EvaluationFileResult }
  | { kind: 'failed'; message: string };

function IssueList({ items }: { items: string[] }) {
  return (
    <ul className="errors">
      {items.slice(0, SHOWN_ISSUES).map((t, i) => (
        <li key={i}>{t}</li>
      ))}
      {items.length > SHOWN_ISSUES && <li>… and {(items.length - SHOWN_ISSUES).toLocaleString('en-US')} more.</li>}
    </ul>
  );
}

/**
 * Import of the organization's own evaluations (JSON or CSV), validated by the catalog (lib/catalog/org-evaluations.ts).
 * A file with invalid rows imports nothing until the admin either fixes it or chooses to import the valid rows only;
 * every problem is listed with its row number. Records stay in this browser (IndexedDB, kv "orgEvaluations").
 */
export function EvaluationImport({ modelId, records, invalidStored }: { modelId: string; records: ImportedEvaluation[]; invalidStored: number }) {
  const inputId = useId();
  const helpId = useId();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (incoming: ImportedEvaluation[], warnings: string[]) => {
    await writeStoredEvaluations(mergeEvaluations(records, incoming));
    setOutcome({ kind: 'ok', total: incoming.length, forModel: countForModel(incoming, modelId), warnings });
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      if (file.size > MAX_BYTES) {
        setOutcome({ kind: 'failed', message: `${file.name} is larger than 10 MB. Split it into smaller files.` });
        return;
      }
      const result = parseEvaluationFile(await file.text(), file.name);
      if (result.errors.length > 0 || result.records.length === 0) setOutcome({ kind: 'invalid', fileName: file.name, result });
      else await save(result.records, result.warnings.map(issueText));
    } catch (err) {
      setOutcome({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  const clear = async () => {
    if (!window.confirm(`Remove all ${records.length.toLocaleString('en-US')} imported evaluations from this browser? This cannot be undone.`)) return;
    await writeStoredEvaluations([]);
    setOutcome(null);
  };

  return (
    <section className="card import" aria-labelledby={`${inputId}-h`}>
      <h3 id={`${inputId}-h`}>Your organization&apos;s evaluations</h3>
      <p id={helpId} className="hint">
        Import results from your own red team or a vendor as JSON or CSV. Columns: {ORG_EVALUATION_COLUMNS.join(', ')} (model_id, category, value, unit, source and date
        are required). Results stay in this browser and appear above, tagged “Imported”.
      </p>
      <label htmlFor={inputId}>Import evaluations (JSON or CSV)</label>
      <input id={inputId} type="file" accept=".json,.csv,application/json,text/csv" aria-describedby={helpId} disabled={busy} onChange={(e) => void onFile(e)} />
      {outcome?.kind === 'ok' && (
        <Status kind="ok">
          Imported {outcome.total.toLocaleString('en-US')} {outcome.total === 1 ? 'evaluation' : 'evaluations'} ({outcome.forModel.toLocaleString('en-US')} for this model).
          {outcome.warnings.length > 0 && <IssueList items={outcome.warnings} />}
        </Status>
      )}
      {outcome?.kind === 'failed' && <Status kind="error">Import failed: {outcome.message}</Status>}
      {outcome?.kind === 'invalid' && (
        <div role="alert" className="status error">
          <p>
            Nothing was imported from {outcome.fileName}
            {outcome.result.errors.length > 0
              ? `: ${outcome.result.errors.length.toLocaleString('en-US')} ${outcome.result.errors.length === 1 ? 'problem' : 'problems'} to fix.`
              : ': it has no results.'}
          </p>
          <IssueList items={outcome.result.errors.map(issueText)} />
          {outcome.result.records.length > 0 && (
            <button type="button" onClick={() => void save(outcome.result.records, outcome.result.warnings.map(issueText))}>
              Import the {outcome.result.records.length.toLocaleString('en-US')} valid {outcome.result.records.length === 1 ? 'row' : 'rows'} only
            </button>
          )}
        </div>
      )}
      {invalidStored > 0 && <Status kind="warning">{invalidStored.toLocaleString('en-US')} stored evaluations no longer pass validation and are not shown.</Status>}
      {records.length > 0 && (
        <p className="row">
          <span className="muted">
            {records.length.toLocaleString('en-US')} imported {records.length === 1 ? 'evaluation' : 'evaluations'} stored (all models).
          </span>
          <button type="button" onClick={() => void clear()}>
            Remove imported evaluations
          </button>
        </p>
      )}
    </section>
  );
}
