import type { ReactNode } from 'react';
import { Status } from '../Status.tsx';
import { DateText, Facts } from './bits.tsx';
import type { CatalogFacts } from './catalog.ts';
import { formatCount, safeHttpUrl } from '../format.ts';
import type { ModelView } from './model.ts';
import { modelHref } from './routes.ts';

const NOT_LISTED = <span className="muted">Not in the catalog</span>;
const text = (v: string | null | undefined): ReactNode => (v ? v : NOT_LISTED);
const withNote = (v: ReactNode, note: string | null) => (
  <>
    {v}
    {note && <span className="hint"> — {note}</span>}
  </>
);

function Unverified({ fields, field }: { fields: string[]; field: string }) {
  return fields.includes(field) ? (
    <span className="hint" title="Carried over from older documentation and not confirmed against current documentation.">
      {' '}
      (unverified)
    </span>
  ) : null;
}

function link(url: string | null, label?: string): ReactNode {
  const safe = safeHttpUrl(url);
  return safe ? (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {label ?? safe}
    </a>
  ) : (
    (label ?? NOT_LISTED)
  );
}

function NotInCatalog({ id, model }: { id: string; model: ModelView | null }) {
  return (
    <div className="stack">
      <Status kind="info">
        <strong>Not in the bundled catalog.</strong>{' '}
        {id === ''
          ? 'These chats carry no model id, so no catalog entry can apply.'
          : 'This version of the extension does not list this model id. It may be newer than the catalog, a cloud-platform id or a custom id; its family and capabilities are not guessed.'}
      </Status>
      <h3>What is known</h3>
      <Facts
        label="What is known"
        items={[
          { term: 'Model id', value: id === '' ? <span className="muted">None (legacy chats)</span> : <code>{id}</code> },
          { term: 'First seen', value: <DateText iso={model?.added} /> },
          { term: 'Used in chats', value: formatCount(model?.chats) },
          { term: 'Users', value: formatCount(model?.users) },
        ]}
      />
    </div>
  );
}

/** Catalog facts for a model id; an id the bundled catalog does not list says so and shows only what the snapshot knows. */
export function Capabilities({ id, facts, model }: { id: string; facts: CatalogFacts | null; model: ModelView | null }) {
  if (!facts) return <NotInCatalog id={id} model={model} />;
  const u = facts.unverified;
  return (
    <div className="stack">
      {facts.match === 'alias' && (
        <p className="hint">
          The inventory reports the alias <code>{id}</code>, which points to <code>{facts.id}</code>.
        </p>
      )}
      <Facts
        label="Capabilities"
        items={[
          { term: 'Vendor', value: facts.vendor },
          { term: 'Family', value: facts.family },
          { term: 'Version', value: text(facts.version) },
          { term: 'Variant', value: facts.variant ?? <span className="muted">None</span> },
          { term: 'Model id', value: <code>{facts.id}</code> },
          ...(facts.aliases.length ? [{ term: 'Aliases', value: <code>{facts.aliases.join(', ')}</code> }] : []),
          { term: 'Tasks', value: facts.tasks?.length ? facts.tasks.join(', ') : NOT_LISTED },
          { term: 'Modalities', value: `${facts.modalitiesIn.join(', ')} in → ${facts.modalitiesOut.join(', ')} out` },
          { term: 'Licence type', value: text(facts.licence) },
          { term: 'Cost tier', value: text(facts.costTier) },
          {
            term: 'Context window',
            value: (
              <>
                {withNote(facts.contextWindow ? `${facts.contextWindow} tokens` : NOT_LISTED, facts.contextNote)}
                <Unverified fields={u} field="context_window_tokens" />
              </>
            ),
          },
          {
            term: 'Max output',
            value: (
              <>
                {withNote(facts.maxOutput ? `${facts.maxOutput} tokens` : NOT_LISTED, facts.maxOutputNote)}
                <Unverified fields={u} field="max_output_tokens" />
              </>
            ),
          },
          {
            term: 'Price',
            value:
              facts.priceIn !== null && facts.priceOut !== null ? (
                <>
                  {withNote(
                    <>
                      ${facts.priceIn} input / ${facts.priceOut} output <span className="hint">per million tokens</span>
                    </>,
                    facts.priceNote,
                  )}
                  <Unverified fields={u} field="input_price_usd_per_mtok" />
                </>
              ) : (
                text(facts.priceNote)
              ),
          },
          { term: 'Knowledge cutoff', value: <>{text(facts.knowledgeCutoff)}<Unverified fields={u} field="knowledge_cutoff" /></> },
          { term: 'Released', value: facts.released ? <DateText iso={facts.released} /> : NOT_LISTED },
          {
            term: 'Lifecycle status',
            value: (
              <>
                {facts.status}
                {facts.lifecycle.label && !facts.status.toLowerCase().startsWith(facts.lifecycle.label.toLowerCase()) && <span className="hint"> — {facts.lifecycle.label}</span>}
              </>
            ),
          },
          ...(facts.deprecatedOn ? [{ term: 'Deprecated on', value: <DateText iso={facts.deprecatedOn} /> }] : []),
          {
            term: 'Retirement date',
            value: facts.retiresOn ? (
              <>
                <DateText iso={facts.retiresOn} />
                <Unverified fields={u} field="retires_on" />
              </>
            ) : facts.retirementFloor ? (
              <>
                Not scheduled; not before <DateText iso={facts.retirementFloor} />
                {facts.floorPassed && <span className="hint"> (that date has passed: check the deprecations page)</span>}
              </>
            ) : (
              <span className="muted">Not scheduled</span>
            ),
          },
          ...(facts.replacement ? [{ term: 'Replacement', value: <a href={modelHref(facts.replacement.id)}>{facts.replacement.name}</a> }] : []),
          ...(facts.lifecycleNote ? [{ term: 'Lifecycle note', value: facts.lifecycleNote }] : []),
          { term: 'Documentation', value: link(facts.docsUrl) },
          {
            term: 'Sources',
            value: (
              <ul className="plain">
                {facts.sources.map((s, i) => (
                  <li key={i}>
                    {link(s.url, s.title)} <span className="hint">({s.asOf}{s.covers ? `; ${s.covers}` : ''})</span>
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </div>
  );
}
