import type { SQLInputValue } from 'node:sqlite';
import type { Store } from '../store/store.ts';
import type { ProjectUserDoc, RequestDoc } from '../store/types.ts';

export interface RequestPage {
  perPage: number;
  count: number;
  requests: RequestDoc[];
}

const DEFAULT_LIMIT = 40;
const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'created_at', updatedAt: 'updated_at', status: 'status', ticket_id: 'ticket_id',
};

const participantIs = "EXISTS (SELECT 1 FROM json_each(doc, '$.participants') WHERE value = ?)";
const snapshotAgentIs = "EXISTS (SELECT 1 FROM json_each(doc, '$.snapshot.agents') WHERE json_extract(value, '$.id_user') = ?)";

/**
 * Which requests a team member may see (§4.6): owners/admins all, agents those they take part in or were
 * eligible for (`snapshot.agents`), other roles only those they take part in.
 */
export function visibilityClause(member: ProjectUserDoc): { where: string; params: SQLInputValue[] } {
  if (member.role === 'owner' || member.role === 'admin') return { where: '1 = 1', params: [] };
  const userId = member.id_user ?? member.uuid_user ?? '';
  return member.role === 'agent'
    ? { where: `(${participantIs} OR ${snapshotAgentIs})`, params: [userId, userId] }
    : { where: participantIs, params: [userId] };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `GET /:project_id/requests` (routes/request.js): default `status < 1000` except 50/150, not preflight,
 * newest first, 40 per page (a `limit` over 100 falls back to 40), and, when a team member asks, the
 * visibility rule below. `extra` narrows further (used by `/requests/me`).
 */
export function queryRequests(
  store: Store, projectId: string, query: URLSearchParams, caller: ProjectUserDoc | undefined,
  extra?: { where: string; params: SQLInputValue[] },
): RequestPage {
  const where: string[] = ['id_project = ?'];
  const params: SQLInputValue[] = [projectId];
  const add = (clause: string, ...values: SQLInputValue[]): void => {
    where.push(clause);
    params.push(...values);
  };

  const status = query.get('status');
  const statuses = status && status !== 'all'
    ? status.split(',').map(Number).filter((n) => Number.isFinite(n))
    : [];
  if (statuses.length > 0) add(`status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
  else if (status !== 'all') add('status < 1000 AND status NOT IN (50, 150)');
  if (query.get('preflight') !== 'true') add('preflight = 0');

  if (caller) {
    const visible = visibilityClause(caller);
    add(visible.where, ...visible.params);
  }
  if (extra) add(extra.where, ...extra.params);

  const filter = (name: string): string | undefined => query.get(name) ?? undefined;
  const dept = filter('dept_id');
  if (dept) add('department = ?', dept);
  const participant = filter('participant');
  if (participant) add(participantIs, participant);
  const lead = filter('lead');
  if (lead) add('lead = ?', lead);
  const tag = filter('tags');
  if (tag) add("EXISTS (SELECT 1 FROM json_each(doc, '$.tags') WHERE json_extract(value, '$.tag') = ?)", tag);
  const ticket = filter('ticket_id');
  if (ticket) add('ticket_id = ?', Number(ticket));
  const hasBot = filter('hasbot');
  if (hasBot !== undefined) add("json_extract(doc, '$.hasBot') = ?", hasBot === 'true' ? 1 : 0);
  const priority = filter('priority');
  if (priority) add("json_extract(doc, '$.priority') = ?", priority);
  const email = filter('requester_email');
  if (email) add("json_extract(doc, '$.snapshot.lead.email') = ?", email);
  const channel = filter('channel');
  if (channel === 'offline') add("json_extract(doc, '$.channel.name') IN ('email', 'form')");
  else if (channel === 'online') add("json_extract(doc, '$.channel.name') NOT IN ('email', 'form')");
  else if (channel) add("json_extract(doc, '$.channel.name') = ?", channel);
  if (filter('draft') === 'false') add('draft = 0');

  // MongoDB's $text matches any of the words; here: any word, case-insensitively, in the conversation's texts.
  const words = (filter('full_text') ?? '').split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const haystack = "lower(coalesce(json_extract(doc, '$.first_text'), '') || ' ' || coalesce(json_extract(doc, '$.subject'), '') || ' ' || "
      + "coalesce(json_extract(doc, '$.transcript'), '') || ' ' || coalesce(json_extract(doc, '$.snapshot.lead.fullname'), '') || ' ' || "
      + "coalesce(json_extract(doc, '$.snapshot.lead.email'), '') || ' ' || coalesce(json_extract(doc, '$.attributes.last_message.text'), ''))";
    add(`(${words.map(() => `${haystack} LIKE ? ESCAPE '\\'`).join(' OR ')})`, ...words.map((w) => `%${escapeLike(w.toLowerCase())}%`));
  }

  let limit = Number.parseInt(query.get('limit') ?? '', 10);
  if (!Number.isFinite(limit) || limit <= 0 || limit > 100) limit = DEFAULT_LIMIT;
  const page = Math.max(0, Number.parseInt(query.get('page') ?? '0', 10) || 0);
  const sortField = query.get('sort') ?? 'createdAt';
  const sortExpr = SORT_COLUMNS[sortField]
    ?? (/^[A-Za-z_][\w.]*$/.test(sortField) ? `json_extract(doc, '$.${sortField}')` : 'created_at');
  const direction = query.get('direction') === '1' ? 'ASC' : 'DESC';

  const whereSql = where.join(' AND ');
  return {
    perPage: limit,
    count: query.get('no_count') === 'true' ? 0 : store.requests.count(whereSql, params),
    requests: store.requests.find(whereSql, params, { order: `${sortExpr} ${direction}, rowid ${direction}`, limit, offset: page * limit }),
  };
}
