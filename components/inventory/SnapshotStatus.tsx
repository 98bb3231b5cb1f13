import { useState } from 'react';
import { browser } from 'wxt/browser';
import type { SnapshotRow } from '../../lib/sources/compliance/tables.ts';
import { Status } from '../Status.tsx';
import { Badge } from './bits.tsx';
import { formatDateTime, relativeTime } from '../format.ts';
import { changeViews, skippedSummary, snapshotSummary } from './model.ts';
import { routeHash } from './routes.ts';
import { ApiText } from '../ApiText.tsx';

/** "Snapshot last ingested: 5 minutes ago · 12 models · …" (a fixed-height line, also while loading). */
export function SnapshotLine({ snapshot, now }: { snapshot: SnapshotRow | null | undefined; now: Date }) {
  if (snapshot === undefined) return <p className="snapshot-line muted">Reading the last snapshot…</p>;
  if (snapshot === null) return <p className="snapshot-line muted">No snapshot yet.</p>;
  return (
    <p className="snapshot-line" data-testid="snapshot-status">
      <span>
        Snapshot last ingested:{' '}
        <time dateTime={snapshot.completedAt} title={formatDateTime(snapshot.completedAt)}>
          {relativeTime(snapshot.completedAt, now)}
        </time>
      </span>
      {snapshotSummary(snapshot).map((part) => (
        <span key={part} className="muted">
          <span aria-hidden="true"> · </span>
          {part}
        </span>
      ))}
    </p>
  );
}

export function openOptions(): void {
  void browser.runtime.openOptionsPage();
}

/** Shown instead of data when no snapshot was ever published. */
export function NoSnapshot() {
  return (
    <section className="card callout" aria-labelledby="no-snapshot-h">
      <h2 id="no-snapshot-h">No snapshot yet</h2>
      <p>
        The inventory is built from the Compliance API and kept in this browser. Paste a <strong>Compliance key</strong> in Options and click{' '}
        <strong>Ingest snapshot</strong>; models and MCP servers appear here when the snapshot completes.
      </p>
      <button type="button" className="primary" onClick={openOptions}>
        Open Options
      </button>
    </section>
  );
}

const SHOWN = 6;

/** The latest snapshot's changes compared with the one before it. */
export function WhatChanged({ snapshot, first }: { snapshot: SnapshotRow; first: boolean }) {
  const [all, setAll] = useState(false);
  const changes = changeViews(snapshot.changes);
  const skipped = skippedSummary(snapshot.skipped);
  const shown = all ? changes : changes.slice(0, SHOWN);
  return (
    <section className="card changes" aria-labelledby="changes-h">
      <h2 id="changes-h">What changed</h2>
      {snapshot.note && (
        <Status kind="warning">
          <span data-testid="snapshot-note">{snapshot.note}</span>
        </Status>
      )}
      {changes.length === 0 ? (
        <p className="muted">
          {first
            ? 'This is the first snapshot: changes are listed from the next one on.'
            : snapshot.note
              ? 'Changes are listed again from the next snapshot on.'
              : 'Nothing changed since the previous snapshot.'}
        </p>
      ) : (
        <ul className="change-list">
          {shown.map((c) => (
            <li key={c.key}>
              <Badge kind={c.change === 'removed' ? 'danger' : c.change === 'added' ? 'info' : 'warn'}>{c.verb}</Badge> <span className="muted">{c.kind}</span>{' '}
              {c.href ? (
                <a href={routeHash(c.href)}>
                  <ApiText>{c.label}</ApiText>
                </a>
              ) : (
                <strong>
                  <ApiText>{c.label}</ApiText>
                </strong>
              )}
              {c.detail && (
                <span className="muted">
                  {' '}
                  — <ApiText>{c.detail}</ApiText>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {changes.length > SHOWN && (
        <button type="button" className="linklike" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer changes' : `Show all ${changes.length.toLocaleString('en-US')} changes`}
        </button>
      )}
      {skipped && (
        <Status kind="warning">
          Some records could not be understood and were skipped: {skipped}. The rest of the snapshot is complete.
        </Status>
      )}
    </section>
  );
}
