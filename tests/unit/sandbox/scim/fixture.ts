/**
 * A small hand-made directory and a helper that runs the SCIM peer on 127.0.0.1:0 behind a parent
 * Express app, mounted the way tests/sandbox/server.ts mounts it.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DirectoryView } from '../../../sandbox/shared/contracts.ts';
import { createScimApp, type ScimApp } from '../../../sandbox/scim/index.ts';

export const TOKEN = 'scim-test-token-0123456789';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const FIRST = ['Ada', 'Brian', 'Chen', 'Dana', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas'];
const LAST = ['Lovelace', 'Kernighan', 'Wei', 'Scully', 'Okafor', 'Haddad', 'Petrov', 'Sato', 'Duarte', 'Berg'];

/**
 * 28 directory users: 25 SCIM-managed (one of them departed, `active: false`), 3 invited/JIT accounts
 * that SCIM must not show. Groups: two from the IdP, one made by hand in Claude.
 */
export function directoryFixture(): DirectoryView {
  const users: DirectoryView['users'] = [];
  for (let i = 0; i < 28; i++) {
    const given = FIRST[i % FIRST.length] ?? 'X';
    const family = LAST[Math.floor(i / 3) % LAST.length] ?? 'Y';
    users.push({
      id: `user_${String(i).padStart(3, '0')}`,
      email: `${given}.${family}${i}@Acme.example`,
      fullName: `${given} ${family}`,
      givenName: given,
      familyName: family,
      createdAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
      active: i !== 7,
      scimManaged: i < 25,
    });
  }
  return {
    seed: 7,
    now: '2026-03-01T12:00:00.000Z',
    parentOrganizationId: 'org_01TEST',
    organizations: [{ uuid: '6f1c1a9e-2f4b-4b8e-9a55-0d7f6f2d2b01', id: 'org_01A', name: 'Acme' }],
    users,
    groups: [
      { id: 'rbac_group_eng', name: 'Claude – Engineering', memberIds: ['user_000', 'user_001', 'user_002', 'user_026'], source: 'scim' },
      { id: 'rbac_group_fin', name: 'Claude – Finance', memberIds: ['user_003', 'user_004'], source: 'scim' },
      { id: 'rbac_group_hand', name: 'Made in Claude', memberIds: ['user_000', 'user_027'], source: 'direct' },
    ],
    projects: [],
    models: [{ id: 'claude-sonnet-4-5-20250929', share: 1 }],
    mcpServers: [],
  };
}

export interface RunningPeer extends ScimApp {
  base: string;
  root: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty. */
  json: Record<string, unknown> | undefined;
}

export async function startPeer(view: DirectoryView = directoryFixture(), token = TOKEN): Promise<RunningPeer> {
  const scim = createScimApp(view, { token });
  const main = express();
  main.disable('x-powered-by');
  // Like server.ts: the parent app has its own flat, all-strings query parser; the SCIM sub-app's wins.
  main.set('query parser', (qs: string) => Object.fromEntries(new URLSearchParams(qs)));
  main.use(scim.app);
  main.use((_req, res) => void res.status(404).json({ type: 'error', error: { type: 'not_found_error', message: 'Not found' } }));
  const server: Server = await new Promise((resolve) => {
    const s = main.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;
  const base = `${root}/scim/v2`;
  const call: RunningPeer['call'] = async (method, path, body, headers = {}) => {
    const h: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/scim+json', ...headers };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/scim+json';
    }
    const res = await fetch(path.startsWith('http') ? path : base + path, { method, headers: h, body: payload });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return {
    ...scim,
    base,
    root,
    call,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ScimUserBody {
  id: string;
  userName: string;
  active?: boolean;
  groups?: Array<{ value: string; display?: string }>;
  meta: { resourceType: string; created: string; lastModified: string; location: string };
}
export interface ScimGroupBody {
  id: string;
  displayName: string;
  members?: Array<{ value: string; display?: string }>;
  meta: { resourceType: string; created: string; lastModified: string; location: string };
}
export interface ListBody<T> {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources?: T[];
}

export function list<T>(r: Reply): ListBody<T> {
  if (!r.json) throw new Error(`Expected a list body, got status ${r.status} and "${r.text}"`);
  return r.json as unknown as ListBody<T>;
}

export function newUser(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: 'Jane', familyName: 'Smith' },
    displayName: 'Jane Smith',
    emails: [{ value: userName.toLowerCase(), type: 'work', primary: true }],
    active: true,
    ...extra,
  };
}

export function patch(...operations: Array<Record<string, unknown>>): Record<string, unknown> {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}
