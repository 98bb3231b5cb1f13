import { useMemo } from 'react';
import { StatTile } from '../StatTile.tsx';
import { Status } from '../Status.tsx';
import { Tabs } from '../Tabs.tsx';
import { Badge, DateText, Facts } from './bits.tsx';
import { Capabilities } from './Capabilities.tsx';
import { catalogFacts } from './catalog.ts';
import { useModelOrgs, usePublishedModel } from './data.ts';
import { DetailFrame } from './DetailFrame.tsx';
import { formatCount } from '../format.ts';
import { orgUsageViews, toModelView, UNKNOWN_MODEL_HELP, UNKNOWN_MODEL_LABEL, type ModelView } from './model.ts';
import { RiskProfile } from './RiskProfile.tsx';
import { dayKey } from './useNow.ts';
import { ApiText } from '../ApiText.tsx';
import { LazyModelSpend } from '../usage/lazy.tsx';
import { ExportMenu } from '../table/ExportMenu.tsx';
import { MODEL_ORG_USAGE_EXPORT } from './exports.ts';

export const MODEL_TABS = ['usage', 'risk', 'capabilities'] as const;

function OrgUsage({ id, orgNames }: { id: string; orgNames: ReadonlyMap<string, string> }) {
  const rows = useModelOrgs(id);
  const orgs = useMemo(() => (rows ? orgUsageViews(rows, orgNames) : undefined), [rows, orgNames]);
  return (
    <>
      {orgs && orgs.length > 0 && (
        <div className="caption-row">
          <span />
          <ExportMenu label={`${id || 'unknown model'} usage`} rows={() => orgs} columns={MODEL_ORG_USAGE_EXPORT} />
        </div>
      )}
      <table className="compact">
        <caption>Organizations using this model</caption>
        <thead>
          <tr>
            <th scope="col">Organization</th>
            <th scope="col" className="num">
              Used in chats
            </th>
          </tr>
        </thead>
        <tbody>
          {orgs === undefined ? (
            <tr>
              <td colSpan={2} className="empty">
                Loading…
              </td>
            </tr>
          ) : orgs.length === 0 ? (
            <tr>
              <td colSpan={2} className="empty">
                No organization was recorded on these chats.
              </td>
            </tr>
          ) : (
            orgs.map((o) => (
              <tr key={o.uuid}>
                <td>
                  <ApiText>{o.name}</ApiText>
                  {o.named && (
                    <div className="sub">
                      <code>
                        <ApiText>{o.uuid}</ApiText>
                      </code>
                    </div>
                  )}
                </td>
                <td className="num">{formatCount(o.chats)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </>
  );
}

function Usage({ model, orgNames, firstUser }: { model: ModelView; orgNames: ReadonlyMap<string, string>; firstUser: string | null }) {
  return (
    <div className="stack">
      <Facts
        label="Usage"
        items={[
          { term: 'Date added', value: <><DateText iso={model.added} /> <span className="hint">first chat seen with this model</span></> },
          { term: 'First user', value: firstUser ?? <span className="muted">Not recorded</span> },
          {
            term: 'Used in chats',
            value: `${formatCount(model.chats)}${model.deletedChats > 0 ? ` (incl. ${formatCount(model.deletedChats)} deleted)` : ''}`,
          },
        ]}
      />
      <OrgUsage id={model.id} orgNames={orgNames} />
      <p className="hint">
        Counts come from each chat&apos;s selected model in the Compliance API. A chat switched to another model mid-conversation counts for its current model only.
      </p>
    </div>
  );
}

export function ModelDetail({ id, tab, onTab, now, orgNames }: { id: string; tab: string | undefined; onTab: (tab: string) => void; now: Date; orgNames: ReadonlyMap<string, string> }) {
  const row = usePublishedModel(id);
  const day = dayKey(now);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed once per day, not every tick
  const facts = useMemo(() => (id === '' ? null : catalogFacts(id, now)), [id, day]);
  if (row === undefined) return <p className="muted detail-loading">Loading…</p>;
  const model = row ? toModelView(row, facts) : null;
  const title = id === '' ? UNKNOWN_MODEL_LABEL : (facts?.displayName ?? id);
  const lifecycle = facts && facts.lifecycle.kind !== 'active' ? facts.lifecycle : null;
  const selected = MODEL_TABS.includes(tab as (typeof MODEL_TABS)[number]) ? tab! : 'usage';
  return (
    <DetailFrame
      list="models"
      title={title}
      subtitle={id === '' ? UNKNOWN_MODEL_HELP : facts ? <code><ApiText>{id}</ApiText></code> : 'This model id is not in the catalog bundled with the extension; nothing about it is guessed.'}
      badges={
        <>
          {lifecycle && (
            <Badge kind={lifecycle.kind === 'retired' ? 'danger' : 'warn'} help={lifecycle.retiresOn ? `Retirement date: ${lifecycle.retiresOn}` : undefined}>
              {lifecycle.label}
            </Badge>
          )}
          {id !== '' && !facts && <Badge kind="muted">Not in the bundled catalog</Badge>}
        </>
      }
    >
      {!model && <Status kind="warning">This model is not in the latest snapshot: no chat in it uses this model.</Status>}
      <div className="tiles detail-tiles">
        <StatTile label="Organizations" value={model ? model.organizations : '—'} />
        <StatTile label="Projects" value={model ? model.projects : '—'} />
        <StatTile label="Used in chats" value={model ? model.chats : '—'} />
        <StatTile label="Users" value={model ? model.users : '—'} />
      </div>
      <LazyModelSpend model={id} />
      <Tabs
        label="Model details"
        selected={selected}
        onSelect={onTab}
        tabs={[
          {
            id: 'usage',
            label: 'Usage',
            content: model ? <Usage model={model} orgNames={orgNames} firstUser={row?.firstUserEmail ?? row?.firstUserId ?? null} /> : <p className="empty">No usage in the latest snapshot.</p>,
          },
          { id: 'risk', label: 'Risk profile', content: <RiskProfile modelId={id} /> },
          { id: 'capabilities', label: 'Capabilities', content: <Capabilities id={id} facts={facts} model={model} /> },
        ]}
      />
    </DetailFrame>
  );
}
