import type { Table } from 'dexie';
import type { SchemaVersion } from '../../db/schema.ts';

/**
 * What a SCIM sync keeps: every provisioned person and group with its members, as the SCIM service
 * reported them in the last complete sync. A sync stages what it reads and publishes in one
 * transaction, so pages never see a half-read directory.
 */
export interface ScimUserRow {
  id: string;
  userName: string;
  email: string | null;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  active: boolean;
  created: string | null;
}

export interface ScimGroupRow {
  id: string;
  displayName: string;
  externalId: string | null;
  memberCount: number;
}

export interface ScimMemberRow {
  groupId: string;
  userId: string;
}

export interface ScimStagedRow {
  seq?: number;
  table: 'scimUsers' | 'scimGroups' | 'scimMembers';
  /** The resource id (user or group), for the "a page adds no new ids" guard. */
  key: string;
  row: ScimUserRow | ScimGroupRow | ScimMemberRow;
}

export const SCIM_SCHEMA: SchemaVersion[] = [
  {
    // v7: the SCIM source.
    version: 7,
    stores: {
      scimUsers: 'id, userName, email',
      scimGroups: 'id, displayName',
      scimMembers: '[groupId+userId], userId',
      scimStage: '++seq, [table+key]',
    },
  },
];

export interface ScimTables {
  scimUsers: Table<ScimUserRow, string>;
  scimGroups: Table<ScimGroupRow, string>;
  scimMembers: Table<ScimMemberRow, [string, string]>;
  scimStage: Table<ScimStagedRow, number>;
}
