/**
 * Conversation export (the server's own transcript format, or JSON) and transcript import
 * (rows checked first, then one conversation plus a multi-insert of its messages).
 */
import { randomUUID } from 'node:crypto';
import type { Conversation, Message } from '../../../shared/domain.ts';
import type { TranscriptRow } from '../../../shared/ipc/contract.ts';
import { AgentError } from '../../../shared/ipc/errors.ts';
import { IMPORTED_AGENT_PREFIX } from '../api/normalize.ts';

const pad = (value: number) => String(value).padStart(2, '0');

/** `dd/mm/yyyy, hh:mm:ss` in local time, as the server writes its transcripts. */
export function transcriptTimestamp(epochMs: number): string {
  const date = new Date(epochMs);
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}, ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function speaker(message: Message, conversation: Conversation): string {
  if (message.senderFullname) return message.senderFullname;
  if (message.author === 'visitor') return conversation.visitor.name;
  return message.author === 'system' ? 'System' : message.sender;
}

function messageText(message: Message): string {
  if (message.type === 'image' || message.type === 'file') {
    const link = message.metadata?.src ? ` (${message.metadata.src})` : '';
    return `${message.text || message.metadata?.name || message.type}${link}`;
  }
  return message.text;
}

export function exportConversation(conversation: Conversation, messages: Message[], format: 'text' | 'json'): { fileName: string; content: string } {
  const ordered = [...messages].sort((a, b) => a.sortKey - b.sortKey || a.createdAt.localeCompare(b.createdAt));
  const stem = `conversation-${conversation.ticketId ?? conversation.id}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
  if (format === 'json') {
    return { fileName: `${stem}.json`, content: JSON.stringify({ conversation, messages: ordered }, null, 2) };
  }
  const lines = ordered.map((message) => `${transcriptTimestamp(message.sortKey)} ${speaker(message, conversation)}: ${messageText(message)}`);
  return { fileName: `${stem}.txt`, content: lines.join('\r\n') + (lines.length ? '\r\n' : '') };
}

const EARLIEST = Date.UTC(1990, 0, 1);
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** Every row is checked before anything is created: a bad file changes nothing on the server. */
export function validateTranscript(rows: TranscriptRow[], now: number): void {
  const problems: string[] = [];
  rows.forEach((row, index) => {
    const where = `row ${index + 1}`;
    if (!Number.isFinite(row.timestamp) || row.timestamp < EARLIEST || row.timestamp > now + FUTURE_SLACK_MS) problems.push(`${where}: timestamp is not a plausible date`);
    if (row.text.trim() === '') problems.push(`${where}: empty text`);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    throw new AgentError('invalid_argument', `The transcript was not imported (${problems.length} problem${problems.length > 1 ? 's' : ''}): ${shown}${problems.length > 5 ? '; …' : ''}`);
  }
}

export interface ImportPlan {
  request: Record<string, unknown>;
  messages: Record<string, unknown>[];
}

/** The request body and the multi-insert rows for an imported transcript. */
export function planImport(visitorName: string, rows: TranscriptRow[], me: { userId: string }): ImportPlan {
  const visitorId = `import-visitor-${randomUUID()}`;
  const agentIds = new Map<string, string>();
  const senderOf = (row: TranscriptRow): string => {
    if (row.sender === 'visitor') return visitorId;
    if (row.sender === 'system') return 'system';
    if (row.sender === 'bot') return 'bot_import';
    const key = row.name.trim().toLowerCase();
    if (!agentIds.has(key)) agentIds.set(key, `${IMPORTED_AGENT_PREFIX}${agentIds.size + 1}`);
    return agentIds.get(key)!;
  };
  const firstVisitorRow = rows.find((row) => row.sender === 'visitor') ?? rows[0]!;
  return {
    request: {
      first_text: firstVisitorRow.text.slice(0, 1000),
      senderFullname: visitorName,
      subject: `Imported transcript: ${visitorName}`.slice(0, 255),
      participants: [me.userId],
      attributes: { importedTranscript: true, importedVisitorName: visitorName },
    },
    messages: rows.map((row) => ({
      sender: senderOf(row),
      senderFullname: row.name.trim() || (row.sender === 'visitor' ? visitorName : row.sender),
      text: row.text,
      type: 'text',
      attributes: { clienttimestamp: row.timestamp, imported: true, ...(row.sender === 'system' ? { subtype: 'info' } : {}) },
    })),
  };
}
