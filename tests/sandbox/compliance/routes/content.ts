/**
 * F1–F5 files and generated files, R1–R2 artifacts (spec §2.9), and the endpoints the sandbox does not
 * populate: local sessions answer `Local sessions are not available.` (the documented 404 for tenants
 * without them), remote sessions and Claude Code artifacts are empty lists.
 */
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { findArtifactVersion, findFile, findGeneratedFile } from '../../generator/content.ts';
import { SCOPE, pathParam, type ApiState, type RouteDef } from '../context.ts';
import { MSG, notFound } from '../errors.ts';
import { parseLimit, parseTimeRange, stringParam } from '../params.ts';
import { decodePageToken } from '../paging.ts';

function sendDownload(res: Response, filename: string, mime: string, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.setHeader('Content-Disposition', `attachment; filename*=utf-8''${encodeURIComponent(filename)}`);
  res.setHeader('Content-Type', mime);
  res.setHeader('Content-MD5', createHash('md5').update(bytes).digest('base64'));
  res.status(200).end(bytes);
}

export function contentRoutes(state: ApiState): RouteDef[] {
  const { org } = state;
  const file = (id: string) => {
    const f = findFile(org, id);
    if (!f) throw notFound(MSG.fileNotFound);
    return f;
  };
  const generated = (id: string) => {
    const g = findGeneratedFile(org, id);
    if (!g) throw notFound(MSG.generatedFileNotFound);
    return g;
  };
  const artifact = (id: string) => {
    const a = findArtifactVersion(org, id);
    if (!a) throw notFound(MSG.artifactNotFound);
    return a;
  };

  return [
    {
      method: 'get',
      path: '/apps/chats/files/:fileId',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const f = file(pathParam(req, 'fileId'));
        res.json({ id: f.id, filename: f.filename, mime_type: f.mime_type, size_bytes: f.size_bytes, md5: f.md5 || null, created_at: f.created_at, message_ids: f.message_ids, claude_chat_ids: f.claude_chat_ids });
      },
    },
    {
      method: 'get',
      path: '/apps/chats/files/:fileId/content',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const f = file(pathParam(req, 'fileId'));
        sendDownload(res, f.filename, f.mime_type, f.content);
      },
    },
    {
      method: 'delete',
      path: '/apps/chats/files/:fileId',
      scope: SCOPE.delete,
      handler: (req, res) => {
        const f = file(pathParam(req, 'fileId'));
        org.deletedFiles.add(f.id);
        res.json({ id: f.id, type: 'claude_file_deleted' });
      },
    },
    {
      method: 'get',
      path: '/apps/chats/generated-files/:fileId',
      scope: SCOPE.userData,
      handler: (req, res) => void res.json(generated(pathParam(req, 'fileId')).record),
    },
    {
      method: 'get',
      path: '/apps/chats/generated-files/:fileId/content',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const g = generated(pathParam(req, 'fileId'));
        sendDownload(res, g.record.filename, g.record.mime_type ?? 'application/octet-stream', g.content);
      },
    },
    {
      method: 'get',
      path: '/apps/artifacts/:versionId',
      scope: SCOPE.userData,
      handler: (req, res) => void res.json(artifact(pathParam(req, 'versionId')).record),
    },
    {
      method: 'get',
      path: '/apps/artifacts/:versionId/content',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const a = artifact(pathParam(req, 'versionId'));
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.status(200).send(a.content);
      },
    },
    // Sessions (beta): not generated.
    ...['/apps/sessions/local', '/apps/sessions/local/:sessionId', '/apps/sessions/local/:sessionId/messages'].map(
      (path): RouteDef => ({
        method: 'get',
        path,
        scope: SCOPE.userData,
        handler: () => {
          throw notFound(MSG.localSessionsUnavailable);
        },
      }),
    ),
    {
      method: 'get',
      path: '/apps/sessions/remote',
      scope: SCOPE.userData,
      handler: (req, res) => {
        parseLimit(req, 100, 500);
        parseTimeRange(req, 'created_at');
        decodePageToken(stringParam(req, 'page'), 'S4', '');
        res.json({ data: [], next_page: null });
      },
    },
    {
      method: 'get',
      path: '/apps/sessions/remote/:sessionId/messages',
      scope: SCOPE.userData,
      handler: () => {
        throw notFound(MSG.remoteSessionNotFound);
      },
    },
    // Claude Code artifacts: none in the sandbox ([inferred] scopes, spec §2.12).
    {
      method: 'get',
      path: '/apps/code/artifacts',
      scope: SCOPE.userData,
      handler: (req, res) => {
        parseLimit(req, 20, 100);
        parseTimeRange(req, 'updated_at');
        decodePageToken(stringParam(req, 'page'), 'K1', '');
        res.json({ data: [], has_more: false, next_page: null });
      },
    },
    {
      method: 'get',
      path: '/apps/code/artifacts/:artifactId/versions/:versionId',
      scope: SCOPE.userData,
      handler: () => {
        throw notFound(MSG.codeArtifactNotFound);
      },
    },
    {
      method: 'delete',
      path: '/apps/code/artifacts/:artifactId',
      scope: SCOPE.delete,
      handler: () => {
        throw notFound(MSG.codeArtifactNotFound);
      },
    },
  ];
}
