/** P1–P8 — projects, attachments, collaborators, documents (spec §2.10). */
import type { Request } from 'express';
import { findProjectDocument, projectAttachments, projectCollaborators, projectRecord } from '../../generator/content.ts';
import { SCOPE, pathParam, type ApiState, type RouteDef } from '../context.ts';
import { ApiError, MSG, notFound } from '../errors.ts';
import { decodePageToken, keysetPage, tokenEnvelope } from '../paging.ts';
import { inRange, nonEmptyArray, parseLimit, parseTimeRange, stringParam } from '../params.ts';

export function projectRoutes(state: ApiState): RouteDef[] {
  const { org } = state;

  const findProject = (id: string): number => {
    const p = org.projectIndex(id);
    if (p < 0 || org.projects[p]!.hardDeleted) throw notFound(MSG.projectNotFound);
    return p;
  };
  const findDocument = (id: string) => {
    const doc = findProjectDocument(org, id);
    if (!doc) throw notFound(MSG.documentNotFound);
    return doc;
  };

  const listProjects = (req: Request) => {
    const limit = parseLimit(req, 20, 100);
    const after = decodePageToken(stringParam(req, 'page'), 'P1', '');
    const orgs = nonEmptyArray(req, 'organization_ids');
    const users = nonEmptyArray(req, 'user_ids');
    const created = parseTimeRange(req, 'created_at');
    const updated = parseTimeRange(req, 'updated_at');
    // user_ids[] matches the project's creator (`user`) [unverified: the docs do not say whether
    // collaborators count too].
    const orgSet = orgs ? new Set(orgs.map((o) => org.orgIndex(o))) : undefined;
    const userSet = users ? new Set(users.map((u) => org.userIndex(u))) : undefined;
    const items = org.projects
      .filter(
        (p) =>
          !p.hardDeleted &&
          (!orgSet || orgSet.has(p.orgIndex)) &&
          (!userSet || (p.creatorUserIndex >= 0 && userSet.has(p.creatorUserIndex))) &&
          inRange(created, p.createdAtMs) &&
          inRange(updated, p.updatedAtMs),
      )
      .sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1));
    const page = keysetPage(items, (p) => ({ t: p.createdAtMs, id: p.id }), limit, after);
    return tokenEnvelope('P1', '', page, (p) => projectRecord(org, p.index, false));
  };

  return [
    { method: 'get', path: '/apps/projects', scope: SCOPE.userData, handler: (req, res) => void res.json(listProjects(req)) },
    // Document routes first: `/apps/projects/documents/…` must not be read as a project id.
    {
      method: 'get',
      path: '/apps/projects/documents/:documentId',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const d = findDocument(pathParam(req, 'documentId'));
        res.json({ id: d.attachment.id, filename: d.attachment.filename, content: d.content, created_at: d.attachment.created_at, user: d.user });
      },
    },
    {
      method: 'get',
      path: '/apps/projects/documents/:documentId/metadata',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const d = findDocument(pathParam(req, 'documentId'));
        res.json({ id: d.attachment.id, claude_project_id: d.project.id, filename: d.attachment.filename, mime_type: 'text/plain', md5: d.md5, size_bytes: d.size, created_at: d.attachment.created_at, user: d.user });
      },
    },
    {
      method: 'delete',
      path: '/apps/projects/documents/:documentId',
      scope: SCOPE.delete,
      handler: (req, res) => {
        const d = findDocument(pathParam(req, 'documentId'));
        org.deletedDocs.add(d.attachment.id);
        res.json({ id: d.attachment.id, type: 'claude_project_document_deleted' });
      },
    },
    {
      method: 'get',
      path: '/apps/projects/:projectId',
      scope: SCOPE.userData,
      handler: (req, res) => void res.json(projectRecord(org, findProject(pathParam(req, 'projectId')), true)),
    },
    {
      method: 'delete',
      path: '/apps/projects/:projectId',
      scope: SCOPE.delete,
      handler: (req, res) => {
        const id = pathParam(req, 'projectId');
        const p = findProject(id);
        if ((org.chats.projectChats[p] ?? 0) > 0) throw new ApiError(409, 'conflict_error', MSG.projectHasChats(id));
        org.projects[p]!.hardDeleted = true;
        res.json({ id, type: 'claude_project_deleted' });
      },
    },
    {
      method: 'get',
      path: '/apps/projects/:projectId/attachments',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const id = pathParam(req, 'projectId');
        const limit = parseLimit(req, 20, 100);
        const after = decodePageToken(stringParam(req, 'page'), 'P4', id);
        const p = findProject(id);
        const items = projectAttachments(org, p);
        res.json(tokenEnvelope('P4', id, keysetPage(items, (a) => ({ t: Date.parse(a.created_at), id: a.id }), limit, after), (a) => ({ ...a })));
      },
    },
    {
      method: 'get',
      path: '/apps/projects/:projectId/collaborators',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const id = pathParam(req, 'projectId');
        const limit = parseLimit(req, 20, 100);
        const after = decodePageToken(stringParam(req, 'page'), 'P5', id);
        const p = findProject(id);
        const items = projectCollaborators(org, p).map((c, k) => ({ c, k }));
        res.json(tokenEnvelope('P5', id, keysetPage(items, (x) => ({ t: x.k, id: '' }), limit, after), (x) => x.c));
      },
    },
  ];
}
