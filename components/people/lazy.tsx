import { lazy, Suspense } from 'react';

/** People and Groups load when opened, so the inventory's first paint does not carry them. */
const loaders = {
  people: () => import('./PeopleTab.tsx'),
  groups: () => import('./GroupsTab.tsx'),
  person: () => import('./PersonDetail.tsx'),
  group: () => import('./GroupPage.tsx'),
};
// A page opened on one of these routes starts fetching its code at once, alongside the page's own.
if (typeof location !== 'undefined') {
  const h = location.hash;
  if (h.startsWith('#/people/')) void loaders.person();
  else if (h.startsWith('#/people')) void loaders.people();
  else if (h.startsWith('#/groups/')) void loaders.group();
  else if (h.startsWith('#/groups')) void loaders.groups();
}
const PeopleTab = lazy(() => loaders.people().then((m) => ({ default: m.PeopleTab })));
const GroupsTab = lazy(() => loaders.groups().then((m) => ({ default: m.GroupsTab })));
const PersonDetail = lazy(() => loaders.person().then((m) => ({ default: m.PersonDetail })));
const GroupPage = lazy(() => loaders.group().then((m) => ({ default: m.GroupPage })));

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
