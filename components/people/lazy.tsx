import { lazy, Suspense } from 'react';

/** People and Groups load when opened, so the inventory's first paint does not carry them. */
const PeopleTab = lazy(() => import('./PeopleTab.tsx').then((m) => ({ default: m.PeopleTab })));
const GroupsTab = lazy(() => import('./GroupsTab.tsx').then((m) => ({ default: m.GroupsTab })));
const PersonDetail = lazy(() => import('./PersonDetail.tsx').then((m) => ({ default: m.PersonDetail })));
const GroupPage = lazy(() => import('./GroupPage.tsx').then((m) => ({ default: m.GroupPage })));

const loading = <p className="muted">Loading…</p>;

export function LazyPeopleTab(props: { onOpenPerson: (key: string) => void }) {
  return (
    <Suspense fallback={loading}>
      <PeopleTab {...props} />
    </Suspense>
  );
}

export function LazyGroupsTab(props: { onOpenGroup: (key: string) => void }) {
  return (
    <Suspense fallback={loading}>
      <GroupsTab {...props} />
    </Suspense>
  );
}

export function LazyPersonDetail(props: { id: string }) {
  return (
    <Suspense fallback={loading}>
      <PersonDetail key={props.id} {...props} />
    </Suspense>
  );
}

export function LazyGroupPage(props: { id: string }) {
  return (
    <Suspense fallback={loading}>
      <GroupPage key={props.id} {...props} />
    </Suspense>
  );
}
