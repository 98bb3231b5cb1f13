import { useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import {
  blockLabel,
  dailyActivity,
  dailySeries,
  inactiveSeats,
  joinDirectory,
  lastCoveredDay,
  latestActiveUsers,
  monthOf,
  monthToDateOf,
  teamSpend,
  type PersonSpend,
} from '../../lib/sources/analytics/views.ts';
import { monthRollup, ROLLUP_TOP, type AnalyticsRollups, type MonthRollup } from '../../lib/sources/analytics/rollups.ts';
import type { AnalyticsState } from '../../lib/sources/analytics/state.ts';
import { formatUsd } from '../../lib/util/money.ts';
import { ask } from '../extension.ts';
import { formatCount, formatDate } from '../format.ts';
import { JobProgressView, useJob } from '../jobs/JobProgress.tsx';
import { modelHref, personHref } from '../inventory/routes.ts';
import { StatTile } from '../StatTile.tsx';
import { Status } from '../Status.tsx';
import { initialTableState, type TableViewState } from '../table/types.ts';
import { useAsync } from '../useAsync.ts';
import { Api, DimensionTable, Freshness, TeamTable, usd } from './bits.tsx';
import { ANALYTICS_JOB_ID, useAllEngagement, useAllSpend, useAnalyticsState, useDailySpend, useDays, useDirectoryUsers, useGroupNames, useMonthSpend, useRollups, useTeamSpend, takeUsageFirstRead, type UsageFirstRead } from './data.ts';
import { PeopleTable } from './PeopleTable.tsx';
import { ExportMenu } from '../table/ExportMenu.tsx';
import { INACTIVE_SEATS_EXPORT } from './exports.ts';
import { TrendChart } from './TrendChart.tsx';
import './usage.css';

/**
 * A month's rollup: the one written at publish, else (data published by an earlier version, which wrote
 * none) computed here from the month's rows by the same function. Undefined while loading; rows are read
 * only when the month has no rollup.
 */
function useMonthRollup(rollups: AnalyticsRollups | null | undefined, month: string | null): MonthRollup | null | undefined {
  const stored = month && rollups ? rollups.months[month] : undefined;
  const needRows = rollups !== undefined && month !== null && !stored;
  const rows = useMonthSpend(needRows ? month : null);
  return useMemo(() => {
    if (month === null) return null;
    if (stored) return stored;
    if (!needRows || !rows) return undefined;
    return monthRollup(rows, month, ROLLUP_TOP);
  }, [month, stored, needRows, rows]);
}
const formatUsers = (v: number) => formatCount(Math.round(v));
const formatDollars = (v: number) => `$${formatCount(Math.round(v))}`;

/** What the tab says before the first collection: connect, or the collection's progress, or why it stopped. */
function NotYet() {
  const job = useJob(ANALYTICS_JOB_ID);
  const stored = useAsync(() => ask({ type: 'credential/status', connection: 'analytics' }));
  const running = job?.status === 'running' || job?.status === 'queued';
  if (running && job) {
    return (
      <section className="card" aria-label="Collecting">
        <h3>Collecting</h3>
        <p className="muted">The first collection reads engagement and spend as far back as the Analytics API allows; the numbers appear here when it completes.</p>
        <JobProgressView job={job} source="analytics" />
      </section>
    );
  }
  if (stored.data && !stored.data.present) {
    return (
      <section className="card" data-testid="usage-empty">
        <h3>No Analytics data yet</h3>
        <p>Connect the Analytics API in Options: paste an Analytics API key (scope read:analytics, made by the Primary Owner in claude.ai) and click Connect. The first collection starts right away.</p>
        <div className="row">
          <button className="primary" onClick={() => void browser.runtime.openOptionsPage()}>
            Open Options
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="card" data-testid="usage-empty">
      <h3>No Analytics data yet</h3>
      {job ? <JobProgressView job={job} source="analytics" /> : <p>The Analytics API key is stored, but no collection has completed yet. Click Connect on the Analytics API card in Options.</p>}
    </section>
  );
}

function Tiles({ state, months, rollups, first }: { state: AnalyticsState; months: string[]; rollups: AnalyticsRollups | null | undefined; first: UsageFirstRead | undefined }) {
  const asOfIso = state.dataRefreshedAt ?? state.completedAt;
  const current = monthOf(new Date(asOfIso));
  const rollup = useMonthRollup(rollups, months.includes(current) ? current : null);
  const days = useDays(first?.days);
  // A month with no stored spend has spent nothing yet.
  const mtd = useMemo(() => (rollup === undefined ? null : monthToDateOf(rollup?.totals.amount ?? '0', new Date(asOfIso))), [rollup, asOfIso]);
  const active = useMemo(() => (days ? latestActiveUsers(days) : null), [days]);
  const noSpend = state.costSource === 'none';
  return (
    <div className="tiles" data-testid="usage-tiles">
      <StatTile label="Month-to-date spend" value={noSpend || !mtd ? '—' : usd(mtd.spent)} note={`${current} (UTC)`} />
      <StatTile label="Forecast to month end" value={noSpend || !mtd?.forecast ? '—' : formatUsd(mtd.forecast, { fractionDigits: 0 })} note="Linear, from the days so far" />
      <StatTile
        label="Active users"
        value={active ? active.daily : '—'}
        note={active ? `on ${formatDate(active.date)} · ${formatCount(active.monthly)} in 30 days${active.stickiness !== null ? ` · DAU/MAU ${Math.round(active.stickiness * 100)}%` : ''}` : null}
      />
      {active?.assignedSeats != null && <StatTile label="Assigned seats" value={active.assignedSeats} />}
    </div>
  );
}

function Trends({ first }: { first: UsageFirstRead | undefined }) {
  const days = useDays(first?.days);
  const spend = useDailySpend();
  const series = useMemo(() => (days && spend ? dailySeries(days, spend) : null), [days, spend]);
  const users = useMemo(() => {
    const s = series?.filter((p) => p.activeUsers !== null) ?? [];
    return { dates: s.map((p) => p.date), values: s.map((p) => p.activeUsers) };
  }, [series]);
  const money = useMemo(() => {
    const s = series?.filter((p) => p.spend !== null) ?? [];
    // The chart draws dollars as numbers (display only); the table shows the exact amounts.
    return { dates: s.map((p) => p.date), values: s.map((p) => Number(p.spend) / 100), exact: s.map((p) => usd(p.spend!)) };
  }, [series]);
  const activity = useMemo(() => {
    if (!days) return null;
    const a = dailyActivity(days);
    const dates = a.points.map((p) => p.date);
    const text = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatCount(v));
    const note =
      a.missing === 0
        ? null
        : a.missing === a.points.length
          ? 'Messages per day are not collected yet: the next collection reads them (the API reports them per person per day).'
          : `${formatCount(a.missing)} of ${formatCount(a.points.length)} days have no per-day counts (—): the first collection reads them for its last 31 days, later ones for every new day; days with no active users and days collected by an earlier version have none. Nothing is estimated.`;
    return {
      note,
      messages: { dates, values: a.points.map((p) => p.messages) },
      byProduct: a.blocks.map((b) => ({ label: blockLabel(b), values: a.points.map((p) => (p.byBlock ? text(p.byBlock[b] ?? 0) : '—')) })),
      sessions: { dates, values: a.points.map((p) => p.claudeCodeSessions) },
      lines: [
        { label: 'Lines added', values: a.points.map((p) => text(p.linesAdded)) },
        { label: 'Lines removed', values: a.points.map((p) => text(p.linesRemoved)) },
      ],
    };
  }, [days]);
  if (!series || !activity) return <p className="muted">Loading…</p>;
  return (
    <div className="trends">
      <TrendChart title="Daily active users" series={users} format={formatUsers} integer />
      <TrendChart title="Messages per day" series={activity.messages} format={formatUsers} integer columns={activity.byProduct} note={activity.note} />
      <TrendChart title="Claude Code sessions per day" series={activity.sessions} format={formatUsers} integer columns={activity.lines} note={activity.note} />
      <TrendChart title="Spend per day" series={money} format={formatDollars} tableValues={money.exact} />
    </div>
  );
}

function InactiveSeatsSection({ state }: { state: AnalyticsState }) {
  const [open, setOpen] = useState(false);
  const users = useDirectoryUsers(open);
  const engagement = useAllEngagement(open);
  const spend = useAllSpend(open);
  const result = useMemo(() => {
    if (!open || !users || !engagement || !spend) return null;
    const people = joinDirectory(users, engagement, spend);
    const asOf = lastCoveredDay(state.engagementTo);
    return { people, seats: asOf ? inactiveSeats(people, asOf, { from: state.engagementFrom, to: state.engagementTo }) : null };
  }, [open, users, engagement, spend, state.engagementFrom, state.engagementTo]);
  return (
    <section className="section" aria-labelledby="inactive-h">
      <h3 id="inactive-h">Seats without activity</h3>
      <p className="muted">
        Every person in the Compliance directory with their last active day and spend to date; people with no activity in 30, 60 and 90 days. A person whose last active day the API did not
        report is listed as unknown, not as inactive.
      </p>
      {!open ? (
        <button onClick={() => setOpen(true)} data-testid="inactive-open">
          Join with the directory
        </button>
      ) : !result ? (
        <p className="muted" role="status">
          Joining the directory with engagement and spend…
        </p>
      ) : result.people.length === 0 ? (
        <p className="empty">No directory users: ingest a Compliance snapshot to list the people with a seat.</p>
      ) : !result.seats ? (
        <p className="empty">No engagement collected yet.</p>
      ) : (
        <div className="stack" data-testid="inactive-seats">
          {result.seats.map((s) => {
            const listed = [...s.inactive.map((p) => ({ ...p, unknown: false })), ...s.unknown.map((p) => ({ ...p, unknown: true }))];
            return (
              <details key={s.days}>
                <summary>
                  No activity in {s.days} days (since {formatDate(s.since)}): {formatCount(s.inactive.length)} {s.inactive.length === 1 ? 'person' : 'people'}
                  {s.unknown.length > 0 ? ` · ${formatCount(s.unknown.length)} unknown` : ''}
                </summary>
                <div className="caption-row">
                  <span />
                  <ExportMenu label={`Seats without activity in ${s.days} days`} rows={() => listed} columns={INACTIVE_SEATS_EXPORT} />
                </div>
                <table className="compact">
                  <caption className="sr-only">People with no activity in {s.days} days</caption>
                  <thead>
                    <tr>
                      <th scope="col">Person</th>
                      <th scope="col">Evidence</th>
                      <th scope="col" className="num">
                        Spend to date
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {listed.map((p) => (
                      <tr key={p.id}>
                        <th scope="row">
                          <a href={personHref(p.id)}>
                            <Api>{p.fullName || p.email}</Api>
                          </a>
                          <div className="sub">
                            <Api>{p.email}</Api>
                          </div>
                        </th>
                        <td>{p.unknown ? `Unknown: ${p.reason}` : p.reason}</td>
                        <td className="num">{usd(p.spendToDate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            );
          })}
        </div>
      )}
    </section>
  );
}

/** The Usage & spend tab of the inventory page. */
export function UsageTab({ onOpenPerson }: { onOpenPerson: (actorKey: string) => void }) {
  // What was read while the tab's code loaded (first mount only); the live queries take over from there.
  const [first] = useState(takeUsageFirstRead);
  const state = useAnalyticsState(first?.state);
  const months = useMemo(() => [...(state?.months ?? [])].sort().reverse(), [state]);
  const [chosen, setMonth] = useState<string | null>(null);
  const month = chosen && months.includes(chosen) ? chosen : (months[0] ?? null);
  const rollups = useRollups(first?.rollups);
  const views = useMonthRollup(rollups, month);
  const teamRows = useTeamSpend(month);
  const groups = useGroupNames();
  const [bySpendState, setBySpendState] = useState<TableViewState>(() => initialTableState([{ id: 'spend', desc: true }]));
  const [byTokensState, setByTokensState] = useState<TableViewState>(() => initialTableState([{ id: 'tokens', desc: true }]));
  const teams = useMemo(() => (teamRows && groups ? teamSpend(teamRows, null, groups) : null), [teamRows, groups]);

  if (state === undefined) return <p className="muted">Loading…</p>;
  if (state === null) return <NotYet />;
  const open = (p: PersonSpend) => p.actorKey && onOpenPerson(p.actorKey);
  return (
    <div className="usage" data-testid="usage-tab">
      <Freshness state={state} />
      <CollectingNow />
      <Tiles state={state} months={months} rollups={rollups} first={first} />
      <section className="section" aria-labelledby="trends-h">
        <h3 id="trends-h">Daily trends</h3>
        <Trends first={first} />
      </section>
      {state.costSource !== 'none' && (
        <>
          <div className="section month-pick">
            <label htmlFor="usage-month">Month (UTC)</label>
            <select id="usage-month" value={month ?? ''} onChange={(e) => setMonth(e.target.value)} disabled={months.length === 0}>
              {months.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </div>
          {!views ? (
            <p className="muted">Loading…</p>
          ) : (
            <>
              <section className="section two-up" aria-label="Top people">
                <PeopleTable caption={`Top people by spend, ${month}`} people={views.topBySpend} state={bySpendState} onStateChange={(u) => setBySpendState(u)} onOpen={open} />
                <PeopleTable caption={`Top people by tokens, ${month}`} people={views.topByTokens} state={byTokensState} onStateChange={(u) => setByTokensState(u)} onOpen={open} />
              </section>
              <section className="section" aria-labelledby="teams-h">
                <h3 id="teams-h">Cost per team</h3>
                {teams ? <TeamTable rows={teams} label={`Cost per team, ${month}`} /> : <p className="muted">Loading…</p>}
              </section>
              <section className="section two-up" aria-label="Spend by model and by product">
                <DimensionTable caption={`Spend by model, ${month}`} head="Model" rows={views.byModel} link={(k) => (k ? modelHref(k) : null)} />
                <DimensionTable caption={`Spend by product, ${month}`} head="Product" rows={views.byProduct} />
              </section>
            </>
          )}
        </>
      )}
      <InactiveSeatsSection state={state} />
    </div>
  );
}

/** A later collection running while the previous one is shown. */
function CollectingNow() {
  const job = useJob(ANALYTICS_JOB_ID);
  if (!job || (job.status !== 'running' && job.status !== 'queued' && job.status !== 'failed' && job.status !== 'paused')) return null;
  return (
    <div className="card">
      {job.status === 'failed' && <Status kind="warning">The last collection failed; the numbers below are from the previous one.</Status>}
      <JobProgressView job={job} source="analytics" compact />
    </div>
  );
}
