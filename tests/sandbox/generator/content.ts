/**
 * Content derived on demand: chat records, chat transcripts (C3) with files, generated files and
 * artifacts, project records, project attachments and documents. Nothing here is stored; every value
 * is a function of (seed, indices) and of the few mutations recorded on the org.
 *
 * Ids of derived objects embed their owner's index (fixed-width base62) plus a checksum-like hash
 * suffix, so an id sent back by a client resolves to its owner without any lookup table, and a forged
 * or mistyped id does not.
 */
import { createHash } from 'node:crypto';
import { ASSISTANT_REPLIES, CHAT_OBJECTS, CHAT_VERBS, USER_PROMPTS, XSS_IMG } from './catalog.ts';
import { NO_REF } from './chats.ts';
import type { SandboxOrg } from './org.ts';
import { base62Decode, base62Fixed, hash, hashChars, salt, unit } from './prng.ts';
import { SECOND, iso, isoOrNull } from './time.ts';
import { serverCurrentName } from './types.ts';

const S_NAME = salt('chat-name');
const S_MSG = salt('chat-messages');
const S_REF = salt('derived-ref');

// ------------------------------------------------------------------ derived ids

/** `<prefix>01` + kind char + owner (5) + item (2) + 14 hash chars. */
function derivedId(seed: number, prefix: string, kind: string, owner: number, item: number): string {
  return `${prefix}01${kind}${base62Fixed(owner, 5)}${base62Fixed(item, 2)}${hashChars(14, seed, S_REF ^ salt(prefix + kind), owner, item)}`;
}

function decodeDerived(seed: number, id: string, prefix: string): { kind: string; owner: number; item: number } | undefined {
  const head = `${prefix}01`;
  if (id.length !== head.length + 22 || !id.startsWith(head)) return undefined;
  const kind = id.charAt(head.length);
  const owner = base62Decode(id.slice(head.length + 1, head.length + 6));
  const item = base62Decode(id.slice(head.length + 6, head.length + 8));
  if (owner < 0 || item < 0) return undefined;
  return derivedId(seed, prefix, kind, owner, item) === id ? { kind, owner, item } : undefined;
}

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

// ------------------------------------------------------------------ records

export interface UserRef {
  id: string;
  email_address: string | null;
}

export function userRef(org: SandboxOrg, u: number): UserRef | null {
  const user = u >= 0 ? org.users[u] : undefined;
  return user ? { id: user.id, email_address: user.email } : null;
}

export function chatName(org: SandboxOrg, i: number): string {
  const h = hash(org.seed, S_NAME, i);
  const r = (h % 1000) / 1000;
  if (r < 0.01) return '';
  const verb = CHAT_VERBS[(h >>> 10) % CHAT_VERBS.length]!;
  const obj = CHAT_OBJECTS[(h >>> 16) % CHAT_OBJECTS.length]!;
  if (r < 0.015) return `${XSS_IMG} ${obj}`;
  return `${verb} ${obj}`;
}

export interface ChatRecord {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  href: string;
  model: string | null;
  organization_uuid: string;
  organization_id: string;
  project_id: string | null;
  user: UserRef | null;
}

export function chatRecord(org: SandboxOrg, i: number): ChatRecord {
  const c = org.chats;
  const o = org.organizations[c.org[i]!]!;
  const p = c.project[i]!;
  return {
    id: c.id(i),
    name: chatName(org, i),
    created_at: iso(c.created[i]!),
    updated_at: iso(c.updated[i]!),
    deleted_at: isoOrNull(c.deletedAt[i]!),
    href: c.href(i),
    model: c.modelId(i),
    organization_uuid: o.uuid,
    organization_id: o.id,
    project_id: p === NO_REF ? null : org.projects[p]!.id,
    user: userRef(org, c.user[i]!),
  };
}

export function projectRecord(org: SandboxOrg, p: number, detail: boolean): Record<string, unknown> {
  const project = org.projects[p]!;
  const o = org.organizations[project.orgIndex]!;
  const base: Record<string, unknown> = { id: project.id, name: project.name };
  if (detail) {
    base.description = project.description;
    base.instructions = project.instructions;
    base.chats_count = org.chats.projectChats[p] ?? 0;
    base.attachments_count = projectAttachments(org, p).length;
  }
  return {
    ...base,
    created_at: iso(project.createdAtMs),
    updated_at: iso(project.updatedAtMs),
    deleted_at: project.deletedAtMs === null ? null : iso(project.deletedAtMs),
    is_private: project.isPrivate,
    organization_uuid: o.uuid,
    organization_id: o.id,
    user: userRef(org, project.creatorUserIndex),
  };
}

// ------------------------------------------------------------------ transcripts

export interface FileRef {
  id: string;
  filename: string;
  mime_type: string | null;
  size_bytes: number | null;
  md5: string | null;
  created_at: string;
}

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  created_at: string;
  content: Array<Record<string, unknown>>;
  files: FileRef[] | null;
  generated_files: Array<Omit<FileRef, 'created_at'>> | null;
  artifacts: Array<{ id: string; version_id: string; title: string | null; artifact_type: string | null }> | null;
  /** Internal: epoch ms, for filters. Stripped before serialising. */
  atMs: number;
}

const FILE_KINDS = [
  { filename: 'dashboard_mockup_v1.pdf', mime: 'application/pdf' },
  { filename: 'Q3 budget (final).xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { filename: 'Übersicht – Architektur.png', mime: 'image/png' },
  { filename: 'notes.txt', mime: 'text/plain' },
] as const;

export function chatFileContent(org: SandboxOrg, chat: number, item: number): string {
  return `Sandbox file ${item} of ${org.chats.id(chat)}\n${'lorem ipsum '.repeat(1 + (hash(org.seed, S_MSG, chat, item) % 40))}`;
}

export function generatedFileContent(org: SandboxOrg, chat: number, item: number): string {
  return `metric,value\nchats,${chat}\nitem,${item}\n`;
}

export function artifactContent(org: SandboxOrg, chat: number, item: number): string {
  return `# ${chatName(org, chat) || 'Untitled'}\n\nArtifact ${item} generated in the sandbox.\n`;
}

/**
 * The messages of chat i in created_at order. Base exchanges are spread between created_at and the
 * original updated_at; exchanges appended by mutations follow at their own times. Soft-deleted chats
 * keep their messages but with empty content and null attachments (newer docs, spec §2.8).
 */
export function chatMessages(org: SandboxOrg, i: number): ChatMessage[] {
  const seed = org.seed;
  const c = org.chats;
  const created = c.created[i]!;
  const touched = c.touched.get(i);
  const baseUpdated = touched ? touched.baseUpdatedMs : c.updated[i]!;
  const exchanges = 1 + Math.floor(Math.pow(unit(seed, S_MSG, i, 1), 2) * 7);
  const window = Math.max(exchanges * 2 * SECOND, baseUpdated - created);
  const times: number[] = [];
  for (let e = 0; e < exchanges; e++) {
    const userAt = created + Math.floor((e / exchanges) * window / SECOND) * SECOND;
    const replyAt = e === exchanges - 1 ? Math.max(userAt + SECOND, baseUpdated) : userAt + Math.max(SECOND, Math.floor(window / exchanges / 2 / SECOND) * SECOND);
    times.push(userAt, replyAt);
  }
  for (const t of touched?.extraExchanges ?? []) times.push(Math.max(times[times.length - 1]! + 1, t - 20 * SECOND), t);

  const deleted = !Number.isNaN(c.deletedAt[i]!);
  const chatCreatedServers = org.serversAt(c.org[i]!, created);
  const toolRoll = unit(seed, S_MSG, i, 2);
  const mcpExchange = chatCreatedServers.length > 0 && toolRoll < 0.12 ? 0 : -1;
  const webExchange = toolRoll >= 0.12 && toolRoll < 0.2 ? 0 : -1;
  const out: ChatMessage[] = [];
  for (let k = 0; k < times.length; k++) {
    const role = k % 2 === 0 ? 'user' : 'assistant';
    const exchange = k >> 1;
    const at = times[k]!;
    const msg: ChatMessage = {
      id: derivedId(seed, 'claude_chat_msg_', 'm', i, k),
      role,
      created_at: iso(at),
      content: [],
      files: null,
      generated_files: null,
      artifacts: null,
      atMs: at,
    };
    if (!deleted) {
      const h = hash(seed, S_MSG, i, 100 + k);
      if (role === 'user') {
        msg.content.push({ type: 'text', text: k === 0 ? `${chatName(org, i) || 'Hello'}. ${USER_PROMPTS[h % USER_PROMPTS.length]!}` : USER_PROMPTS[h % USER_PROMPTS.length]!, thinking_redacted: false, truncated: false });
        if (k === 0 && unit(seed, S_MSG, i, 3) < 0.1) {
          const fk = FILE_KINDS[h % FILE_KINDS.length]!;
          const id = derivedId(seed, 'claude_file_', 'c', i, k);
          if (!org.deletedFiles.has(id)) {
            const body = chatFileContent(org, i, k);
            msg.files = [{ id, filename: fk.filename, mime_type: fk.mime, size_bytes: Buffer.byteLength(body), md5: md5Hex(body), created_at: iso(at) }];
          }
        }
      } else {
        if (exchange === mcpExchange) {
          const server = chatCreatedServers[h % chatCreatedServers.length]!;
          const tool = server.tools[(h >>> 8) % server.tools.length]!;
          const toolUseId = `toolu_01${hashChars(22, seed, S_MSG, i, k)}`;
          const longInput = (h >>> 4) % 5 === 0;
          const input = JSON.stringify(longInput ? { query: 'status:open assignee:me', fields: Array.from({ length: 40 }, (_, n) => `field_${n}`) } : { query: chatName(org, i) || 'status' });
          const name = serverCurrentName(server);
          msg.content.push({ type: 'tool_use', id: toolUseId, name: tool, input, integration_name: name, mcp_server_url: server.url, truncated: false });
          msg.content.push({
            type: 'tool_result',
            tool_use_id: toolUseId,
            name: tool,
            is_error: (h >>> 12) % 10 === 0,
            integration_name: name,
            mcp_server_url: server.url,
            content: [{ type: 'text', text: `Result of ${tool}: ${(h >>> 3) % 50} items` }],
            truncated: false,
          });
        } else if (exchange === webExchange) {
          const toolUseId = `toolu_01${hashChars(22, seed, S_MSG, i, k)}`;
          msg.content.push({ type: 'tool_use', id: toolUseId, name: 'web_search', input: JSON.stringify({ query: 'latest release notes' }), integration_name: null, mcp_server_url: null, truncated: false });
          msg.content.push({ type: 'tool_result', tool_use_id: toolUseId, name: 'web_search', is_error: false, integration_name: null, mcp_server_url: null, content: [{ type: 'text', text: '3 results' }], truncated: false });
        }
        msg.content.push({ type: 'text', text: ASSISTANT_REPLIES[h % ASSISTANT_REPLIES.length]!, thinking_redacted: (h >>> 20) % 25 === 0, truncated: false });
        if (k === 1 && unit(seed, S_MSG, i, 4) < 0.05) {
          const body = generatedFileContent(org, i, k);
          msg.generated_files = [{ id: derivedId(seed, 'claude_gen_file_', 'c', i, k), filename: 'summary.csv', mime_type: 'text/csv', size_bytes: Buffer.byteLength(body), md5: null }];
        }
        if (k === 1 && unit(seed, S_MSG, i, 5) < 0.06) {
          msg.artifacts = [{ id: derivedId(seed, 'claude_artifact_', 'c', i, k), version_id: derivedId(seed, 'claude_artifact_version_', 'c', i, k), title: chatName(org, i) || null, artifact_type: 'text/markdown' }];
        }
      }
    }
    out.push(msg);
  }
  return out;
}

/** Resolves a message id to (chat, position), or undefined. */
export function decodeMessageId(org: SandboxOrg, id: string): { chat: number; index: number } | undefined {
  const d = decodeDerived(org.seed, id, 'claude_chat_msg_');
  return d && d.kind === 'm' ? { chat: d.owner, index: d.item } : undefined;
}

// ------------------------------------------------------------------ files, generated files, artifacts

export interface FileLookup {
  id: string;
  filename: string;
  mime_type: string;
  size_bytes: number;
  md5: string;
  created_at: string;
  content: string;
  message_ids: string[];
  claude_chat_ids: string[];
}

/** A chat file or a project file by id (deleted ones and files of deleted owners resolve to undefined). */
export function findFile(org: SandboxOrg, id: string): FileLookup | undefined {
  if (org.deletedFiles.has(id)) return undefined;
  const d = decodeDerived(org.seed, id, 'claude_file_');
  if (!d) return undefined;
  if (d.kind === 'c') {
    if (!org.chats.exists(d.owner)) return undefined;
    const msg = chatMessages(org, d.owner)[d.item];
    const f = msg?.files?.find((x) => x.id === id);
    if (!msg || !f) return undefined;
    return { ...f, mime_type: f.mime_type ?? 'application/octet-stream', size_bytes: f.size_bytes ?? 0, md5: f.md5 ?? '', content: chatFileContent(org, d.owner, d.item), message_ids: [msg.id], claude_chat_ids: [org.chats.id(d.owner)] };
  }
  if (d.kind === 'p') {
    const a = projectAttachments(org, d.owner).find((x) => x.id === id && x.type === 'project_file');
    if (!a) return undefined;
    const content = projectAttachmentContent(org, d.owner, d.item);
    return { id, filename: a.filename, mime_type: a.mime_type, size_bytes: Buffer.byteLength(content), md5: md5Hex(content), created_at: a.created_at, content, message_ids: [], claude_chat_ids: [] };
  }
  return undefined;
}

export function findGeneratedFile(org: SandboxOrg, id: string) {
  const d = decodeDerived(org.seed, id, 'claude_gen_file_');
  if (!d || d.kind !== 'c' || !org.chats.exists(d.owner)) return undefined;
  const msg = chatMessages(org, d.owner)[d.item];
  const f = msg?.generated_files?.find((x) => x.id === id);
  if (!msg || !f) return undefined;
  const content = generatedFileContent(org, d.owner, d.item);
  return { record: { id, claude_chat_id: org.chats.id(d.owner), filename: f.filename, mime_type: f.mime_type, size_bytes: f.size_bytes, md5: f.md5, created_at: msg.created_at }, content };
}

/** An artifact by version id. */
export function findArtifactVersion(org: SandboxOrg, versionId: string) {
  const d = decodeDerived(org.seed, versionId, 'claude_artifact_version_');
  if (!d || d.kind !== 'c' || !org.chats.exists(d.owner)) return undefined;
  const msg = chatMessages(org, d.owner)[d.item];
  const a = msg?.artifacts?.find((x) => x.version_id === versionId);
  if (!msg || !a) return undefined;
  const content = artifactContent(org, d.owner, d.item);
  return {
    record: { id: a.id, version_id: a.version_id, claude_chat_id: org.chats.id(d.owner), title: a.title, artifact_type: a.artifact_type, created_at: msg.created_at, md5: md5Hex(content), size_bytes: Buffer.byteLength(content) },
    content,
  };
}

// ------------------------------------------------------------------ project attachments, documents, collaborators

export type ProjectAttachment =
  | { id: string; created_at: string; filename: string; mime_type: string; size_bytes: number | null; md5: string | null; type: 'project_file' }
  | { id: string; created_at: string; filename: string; mime_type: 'text/plain'; updated_at: null; type: 'project_doc' };

function projectAttachmentContent(org: SandboxOrg, p: number, k: number): string {
  const project = org.projects[p]!;
  return k % 2 === 0 ? `Reference file ${k} for ${project.name}\n` : `# ${project.name}\n\n- Requirement ${k}\n- Owner: see project settings\n`;
}

/** Attachments of a live project in created_at order (deleted files and documents left out). */
export function projectAttachments(org: SandboxOrg, p: number): ProjectAttachment[] {
  const project = org.projects[p];
  if (!project || project.hardDeleted) return [];
  const n = hash(org.seed, S_MSG, p, 777) % 5;
  const out: ProjectAttachment[] = [];
  for (let k = 0; k < n; k++) {
    const created = iso(project.createdAtMs + (k + 1) * 3_600_000);
    if (k % 2 === 0) {
      const id = derivedId(org.seed, 'claude_file_', 'p', p, k);
      if (org.deletedFiles.has(id)) continue;
      const content = projectAttachmentContent(org, p, k);
      out.push({ id, created_at: created, filename: k === 0 ? 'brief.pdf' : `appendix-${k}.pdf`, mime_type: k === 0 ? 'application/pdf' : 'application/octet-stream', size_bytes: Buffer.byteLength(content), md5: k === 0 ? null : md5Hex(content), type: 'project_file' });
    } else {
      const id = derivedId(org.seed, 'claude_proj_doc_', 'p', p, k);
      if (org.deletedDocs.has(id)) continue;
      out.push({ id, created_at: created, filename: k === 1 ? 'requirements.md' : `notes-${k}.md`, mime_type: 'text/plain', updated_at: null, type: 'project_doc' });
    }
  }
  return out;
}

export function findProjectDocument(org: SandboxOrg, id: string) {
  if (org.deletedDocs.has(id)) return undefined;
  const d = decodeDerived(org.seed, id, 'claude_proj_doc_');
  if (!d || d.kind !== 'p') return undefined;
  const att = projectAttachments(org, d.owner).find((a) => a.id === id);
  if (!att) return undefined;
  const project = org.projects[d.owner]!;
  const content = projectAttachmentContent(org, d.owner, d.item);
  return { project, attachment: att, content, md5: md5Hex(content), size: Buffer.byteLength(content), user: userRef(org, project.creatorUserIndex) };
}

export function projectCollaborators(org: SandboxOrg, p: number): Array<Record<string, unknown>> {
  const project = org.projects[p]!;
  const out: Array<Record<string, unknown>> = [];
  const base = project.createdAtMs;
  if (project.creatorUserIndex >= 0) out.push({ type: 'user', user_id: org.users[project.creatorUserIndex]!.id, role: 'owner', granted_at: iso(base) });
  else out.push({ type: 'user', user_id: null, role: 'owner', granted_at: iso(base) });
  if (project.sharedWithGroup >= 0) out.push({ type: 'group', group_id: org.groups[project.sharedWithGroup]!.id, role: 'editor', granted_at: iso(base + 86_400_000) });
  if (!project.isPrivate) {
    out.push({ type: 'organization', organization_uuid: org.organizations[project.orgIndex]!.uuid, role: 'viewer', granted_at: iso(base + 2 * 86_400_000) });
    out.push({ type: 'organization_role', organization_role: 'admin', role: 'editor', granted_at: iso(base + 3 * 86_400_000) });
  }
  return out;
}
