import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { PREFERENCE_LABELS } from '../../lib/findings/plugins.ts';
import type { PluginAccess as Access } from '../../lib/sources/compliance/plugin-access.ts';
import { ApiText } from '../ApiText.tsx';
import { pageDb } from '../db.ts';
import { ask } from '../extension.ts';
import { Status } from '../Status.tsx';
import { DateText } from './bits.tsx';

/** Group names (Admin API, else the Compliance directory) and member emails, for the targets. */
function useNames() {
  return useLiveQuery(async () => {
    const db = pageDb();
    const [adminGroups, groups, adminUsers] = await Promise.all([db.adminGroups.toArray(), db.groups.toArray(), db.adminUsers.toArray()]);
    const group = new Map<string, string>();
    for (const g of groups) group.set(g.id, g.name);
    for (const g of adminGroups) group.set(g.id, g.name);
    return { group, user: new Map(adminUsers.map((u) => [u.id, u.email])) };
  }, []);
}

function Target({ type, groupId, userId, names }: { type: string; groupId: string | null; userId?: string | null; names: ReturnType<typeof useNames> }) {
  if (type === 'organization') return <>Whole organization</>;
  if (type === 'rbac_group' && groupId) {
    return (
      <>
        RBAC group <a href={`#/groups/${encodeURIComponent(groupId)}`}><ApiText>{names?.group.get(groupId) ?? groupId}</ApiText></a>
      </>
    );
  }
  if (type === 'organization_member' && userId) {
    return (
      <>
        Member <a href={`#/people/${encodeURIComponent(userId)}`}><ApiText>{names?.user.get(userId) ?? userId}</ApiText></a>
      </>
    );
  }
  return <ApiText>{type}</ApiText>;
}

/**
 * A plugin's per-group installation settings (a group's own setting overrides the organization-wide one for
 * its members) and, for member-owned plugins, its shares (admin-api.md §6.4). Read when the page opens, with
 * the Compliance key, through the worker; not stored (two small reads per visit).
 */
export function PluginAccess({ pluginId, memberOwned }: { pluginId: string; memberOwned: boolean }) {
  const names = useNames();
  const [state, setState] = useState<{ busy: boolean; data: Access | null; error: string | null }>({ busy: true, data: null, error: null });
  const read = useCallback(
    (live: () => boolean) =>
      ask({ type: 'plugins/access', pluginId }).then(
        (data) => live() && setState({ busy: false, data, error: null }),
        (err: unknown) => live() && setState({ busy: false, data: null, error: err instanceof Error ? err.message : String(err) }),
      ),
    [pluginId],
  );
  useEffect(() => {
    let live = true;
    void read(() => live);
    return () => {
      live = false;
    };
  }, [read]);
  const load = () => {
    setState((s) => ({ ...s, busy: true, error: null }));
    void read(() => true);
  };
  const data = state.data;
  return (
    <section aria-labelledby="plugin-access-h" data-testid="plugin-access" aria-busy={state.busy}>
      <h3 id="plugin-access-h">Installation settings and shares</h3>
      {state.busy && !data ? (
        <p className="muted">Reading from the Plugins API…</p>
      ) : state.error ? (
        <Status kind="error">
          The settings could not be read: {state.error}{' '}
          <button type="button" className="link-button" onClick={load}>
            Try again
          </button>
        </Status>
      ) : data ? (
        <>
          {data.note && (
            <p className="note" role="note">
              {data.note}
            </p>
          )}
          <table className="compact" aria-label="Installation settings">
            <thead>
              <tr>
                <th scope="col">Applies to</th>
                <th scope="col">Installation</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {data.settings.length === 0 ? (
                <tr>
                  <td colSpan={3} className="muted">
                    No setting of its own: the marketplace’s default applies{memberOwned ? ' (member-owned plugins reach others through shares)' : ''}.
                  </td>
                </tr>
              ) : (
                data.settings.map((s, i) => (
                  <tr key={`${s.targetType}-${s.groupId ?? ''}-${i}`} data-testid="plugin-setting-row">
                    <td>
                      <Target type={s.targetType} groupId={s.groupId} names={names} />
                    </td>
                    <td>{s.preference === null ? <span className="muted">Not set</span> : (PREFERENCE_LABELS[s.preference] ?? <ApiText>{s.preference}</ApiText>)}</td>
                    <td>{s.updatedAt ? <DateText iso={s.updatedAt} /> : <span className="muted">—</span>}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {(memberOwned || data.shares.length > 0) && (
            <table className="compact" aria-label="Shares">
              <thead>
                <tr>
                  <th scope="col">Shared with</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {data.shares.length === 0 ? (
                  <tr>
                    <td colSpan={2} className="muted">
                      Not shared.
                    </td>
                  </tr>
                ) : (
                  data.shares.map((s, i) => (
                    <tr key={`${s.targetType}-${s.groupId ?? s.userId ?? ''}-${i}`} data-testid="plugin-share-row">
                      <td>
                        <Target type={s.targetType} groupId={s.groupId} userId={s.userId} names={names} />
                      </td>
                      <td>{s.grantedAt ? <DateText iso={s.grantedAt} /> : <span className="muted">—</span>}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          )}
          <button type="button" className="small" onClick={load} disabled={state.busy}>
            {state.busy ? 'Reading…' : 'Read again'}
          </button>
        </>
      ) : null}
    </section>
  );
}
