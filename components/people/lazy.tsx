import { Suspense } from 'react';
import { lazyComponent } from '../lazy-component.tsx';

/** People and Groups load when opened, so the inventory's first paint does not carry them. */
export const peopleViews = {
  people: lazyComponent(() => import('./PeopleTab.tsx').then((m) => m.PeopleTab)),
  groups: lazyComponent(() => import('./GroupsTab.tsx').then((m) => m.GroupsTab)),
  person: lazyComponent(() => import('./PersonDetail.tsx').then((m) => m.PersonDetail)),
  group: lazyComponent(() => import('./GroupPage.tsx').then((m) => m.GroupPage)),
};
const PeopleTab = peopleViews.people.Component;
const GroupsTab = peopleViews.groups.Component;
const PersonDetail = peopleViews.person.Component;
const GroupPage = peopleViews.group.Component;

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
