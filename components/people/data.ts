import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { joinGroups, joinPeople, type GroupView, type PeopleInput, type Person } from '../../lib/identity/people.ts';
import { readSettings, watchSettings } from '../../lib/settings/store.ts';
import { pageDb } from '../db.ts';
import { readPeopleInput } from '../../lib/identity/people-input.ts';

/**
 * Everything the People and Groups tabs join, read live from the published tables (lib/identity/people-input.ts).
 * Returns undefined while loading.
 */
export function usePeopleInput(): PeopleInput | undefined {
  return useLiveQuery(() => readPeopleInput(pageDb(), new Date()), []);
}

export interface Directory {
  input: PeopleInput;
  people: Person[];
  groups: GroupView[];
  byKey: Map<string, Person>;
  groupByKey: Map<string, GroupView>;
}

export function useDirectory(): Directory | undefined {
  const input = usePeopleInput();
  return useMemo(() => {
    if (!input) return undefined;
    const people = joinPeople(input);
    const groups = joinGroups(input);
    return { input, people, groups, byKey: new Map(people.map((p) => [p.key, p] as const)), groupByKey: new Map(groups.map((g) => [g.key, g] as const)) };
  }, [input]);
}

/** "Allow changes through the Admin API" (settings.adminWritesEnabled), kept current. */
export function useAdminWritesEnabled(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    let live = true;
    const load = () => void readSettings().then((s) => live && setOn(s.adminWritesEnabled), () => undefined);
    load();
    const stop = watchSettings(load);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return on;
}
