/**
 * Parses a transcript exported from another tool (format: docs/transcript-format.md) into the rows that
 * `transcript.import` takes. Everything is validated here, before the core is called, so a file with
 * any bad row is rejected as a whole and nothing is half-imported.
 */
import Papa from 'papaparse';
import type { TranscriptRow } from '../../../shared/ipc/contract.ts';

export const transcriptLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxRows: 10_000,
  maxNameLength: 255,
  maxTextLength: 100_000,
  /** Issues listed in detail; the total is still counted. */
  maxListedIssues: 100,
} as const;

export const transcriptColumns = ['sender', 'name', 'text', 'timestamp'] as const;
const senders = ['visitor', 'agent', 'bot', 'system'] as const;

export type TranscriptIssueCode =
  | 'emptyFile'
  | 'fileTooLarge'
  | 'invalidUtf8'
  | 'utf16WithoutBom'
  | 'badJson'
  | 'jsonShape'
  | 'noRows'
  | 'tooManyRows'
  | 'missingColumns'
  | 'csvQuotes'
  | 'fieldCount'
  | 'notAnObject'
  | 'badSender'
  | 'missingName'
  | 'nameTooLong'
  | 'missingText'
  | 'textTooLong'
  | 'missingTimestamp'
  | 'badTimestamp';

export interface TranscriptIssue {
  /** 1-based line in the file where the problem (or the bad row) starts; null for whole-file problems. */
  line: number | null;
  code: TranscriptIssueCode;
  params: Record<string, string | number>;
}

export type TranscriptParseResult =
  | {
      ok: true;
      format: 'json' | 'csv';
      rows: TranscriptRow[];
      /** From the JSON `visitorName`, else the first visitor row's name, else ''. */
      visitorName: string;
      /** The file was not in chronological order; rows are now sorted by timestamp (ties keep file order). */
      reordered: boolean;
    }
  | { ok: false; issues: TranscriptIssue[]; issueCount: number };

type RawRow = Partial<Record<(typeof transcriptColumns)[number], unknown>>;

class IssueList {
  readonly listed: TranscriptIssue[] = [];
  count = 0;
  add(line: number | null, code: TranscriptIssueCode, params: Record<string, string | number> = {}): void {
    this.count++;
    if (this.listed.length < transcriptLimits.maxListedIssues) this.listed.push({ line, code, params });
  }
  failure(): TranscriptParseResult {
    return { ok: false, issues: this.listed, issueCount: this.count };
  }
}

function fileIssue(code: TranscriptIssueCode, params: Record<string, string | number> = {}, line: number | null = null): TranscriptParseResult {
  return { ok: false, issues: [{ line, code, params }], issueCount: 1 };
}

/** Untrusted values are echoed in messages: keep them short. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function decode(bytes: Uint8Array): { text: string } | { issue: TranscriptIssueCode } {
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else if (bytes.subarray(0, 4096).includes(0)) return { issue: 'utf16WithoutBom' };
  try {
    // The BOM, if any, is consumed by the decoder.
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    return { issue: 'invalidUtf8' };
  }
}

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const epochPattern = /^\d{1,16}(?:\.\d+)?$/;
/** Below this an epoch value is read as seconds (1e11 s is the year 5138; 1e11 ms is March 1973). */
const secondsThreshold = 1e11;
/** Earlier values are almost always row numbers or durations, not dates. */
const earliestTimestamp = Date.UTC(2000, 0, 1);
const dayMs = 86_400_000;

function plausible(ms: number): number | null {
  return Number.isFinite(ms) && ms >= earliestTimestamp && ms <= Date.now() + dayMs ? ms : null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * ISO 8601 date-time (offset optional: local time), or epoch seconds/milliseconds as a number or digits;
 * from 2000-01-01 up to a day from now.
 */
export function parseTimestamp(value: unknown): number | null {
  let epoch: number;
  if (typeof value === 'number') {
    epoch = value;
  } else if (typeof value === 'string' && epochPattern.test(value.trim())) {
    epoch = Number(value.trim());
  } else if (typeof value === 'string') {
    const match = isoPattern.exec(value.trim());
    if (!match) return null;
    const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
    if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!)) return null;
    if (hour! > 23 || minute! > 59 || (second ?? 0) > 59) return null;
    return plausible(Date.parse(value.trim().replace(' ', 'T')));
  } else {
    return null;
  }
  return plausible(Math.round(epoch < secondsThreshold ? epoch * 1000 : epoch));
}

function validateRow(raw: RawRow, line: number, issues: IssueList): TranscriptRow | null {
  const before = issues.count;
  const sender = typeof raw.sender === 'string' ? raw.sender.trim().toLowerCase() : '';
  if (!(senders as readonly string[]).includes(sender)) issues.add(line, 'badSender', { value: shown(raw.sender ?? '') });

  let name = '';
  if (raw.name !== undefined && raw.name !== null && typeof raw.name !== 'string') issues.add(line, 'missingName');
  else {
    name = (raw.name ?? '').trim();
    if (!name && sender !== 'system') issues.add(line, 'missingName');
    else if (name.length > transcriptLimits.maxNameLength) issues.add(line, 'nameTooLong', { max: transcriptLimits.maxNameLength });
  }

  const text = typeof raw.text === 'string' ? raw.text : '';
  if (!text.trim()) issues.add(line, 'missingText');
  else if (text.length > transcriptLimits.maxTextLength) issues.add(line, 'textTooLong', { max: transcriptLimits.maxTextLength });

  let timestamp: number | null = null;
  if (raw.timestamp === undefined || raw.timestamp === null || raw.timestamp === '') issues.add(line, 'missingTimestamp');
  else {
    timestamp = parseTimestamp(raw.timestamp);
    if (timestamp === null) issues.add(line, 'badTimestamp', { value: shown(raw.timestamp) });
  }

  if (issues.count !== before || timestamp === null) return null;
  return { sender: sender as TranscriptRow['sender'], name, text, timestamp };
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function lineAt(text: string, offset: number): number {
  return 1 + countNewlines(text, 0, offset);
}

/**
 * The line where each element of the rows array starts, for valid JSON text: the root array, or the
 * `messages` array of the root object. JSON.parse gives no positions, so this walks the text once.
 */
function jsonRowLines(text: string, rootIsArray: boolean): number[] {
  const lines: number[] = [];
  const stack: { kind: 'array' | 'object'; holdsRows: boolean; key: string | null; awaitingKey: boolean }[] = [];
  let line = 1;
  const valueStarts = () => {
    if (stack.at(-1)?.holdsRows) lines.push(line);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.awaitingKey) {
        top.key = JSON.parse(text.slice(i, end + 1)) as string;
        top.awaitingKey = false;
      } else valueStarts();
      i = end + 1;
      continue;
    }
    if (ch === '{' || ch === '[') {
      valueStarts();
      const root = stack[0];
      const holdsRows =
        ch === '[' && (rootIsArray ? stack.length === 0 : stack.length === 1 && root?.kind === 'object' && root.key === 'messages');
      stack.push({ kind: ch === '{' ? 'object' : 'array', holdsRows, key: null, awaitingKey: ch === '{' });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.awaitingKey = true;
    } else if (!/[\s:]/.test(ch)) {
      valueStarts();
      while (i + 1 < text.length && !/[\s,\]}]/.test(text[i + 1]!)) i++;
    }
    i++;
  }
  return lines;
}

function jsonSyntaxLine(text: string, error: unknown): number | null {
  const message = error instanceof Error ? error.message : '';
  const lineMatch = /\(line (\d+) column \d+\)/.exec(message);
  if (lineMatch) return Number(lineMatch[1]);
  const positionMatch = /at position (\d+)/.exec(message);
  if (positionMatch) return lineAt(text, Number(positionMatch[1]));
  return null;
}

/** A JSON export of this app (`conversation.export`): `{conversation, messages}` with the app's Message objects. */
function isAppExport(root: { messages: unknown[]; conversation?: unknown }): boolean {
  const first = root.messages[0];
  return typeof root.conversation === 'object' && root.conversation !== null && typeof first === 'object' && first !== null && 'author' in first && 'sortKey' in first;
}

const authorSenders: Record<string, TranscriptRow['sender']> = { me: 'agent', agent: 'agent', visitor: 'visitor', bot: 'bot', system: 'system' };

function rowFromAppExport(item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  const message = item as { author?: unknown; senderFullname?: unknown; text?: unknown; sortKey?: unknown; metadata?: { src?: unknown; name?: unknown } | null };
  let text = typeof message.text === 'string' ? message.text : '';
  // Images and files keep their link, as the text export does.
  const src = message.metadata?.src;
  if (typeof src === 'string' && src) text = `${text || (typeof message.metadata?.name === 'string' ? message.metadata.name : '')} (${src})`.trim();
  return {
    sender: typeof message.author === 'string' ? (authorSenders[message.author] ?? message.author) : message.author,
    name: message.senderFullname,
    text,
    timestamp: message.sortKey,
  };
}

function parseJson(text: string): TranscriptParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^JSON\.parse: /, '').slice(0, 200) : '';
    return fileIssue('badJson', { detail }, jsonSyntaxLine(text, error));
  }
  let items: unknown[];
  let declaredVisitorName = '';
  if (Array.isArray(data)) items = data;
  else if (data && typeof data === 'object' && Array.isArray((data as { messages?: unknown }).messages)) {
    const root = data as { messages: unknown[]; visitorName?: unknown; conversation?: { visitor?: { name?: unknown } } };
    const appExport = isAppExport(root);
    items = appExport ? root.messages.map(rowFromAppExport) : root.messages;
    const visitorName = appExport ? root.conversation?.visitor?.name : root.visitorName;
    if (typeof visitorName === 'string') declaredVisitorName = visitorName.trim().slice(0, transcriptLimits.maxNameLength);
  } else return fileIssue('jsonShape');

  if (items.length === 0) return fileIssue('noRows');
  if (items.length > transcriptLimits.maxRows) return fileIssue('tooManyRows', { count: items.length, max: transcriptLimits.maxRows });

  const lines = jsonRowLines(text, Array.isArray(data));
  const issues = new IssueList();
  const rows: TranscriptRow[] = [];
  items.forEach((item, index) => {
    const line = lines[index] ?? 1;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      issues.add(line, 'notAnObject');
      return;
    }
    const row = validateRow(item as RawRow, line, issues);
    if (row) rows.push(row);
  });
  if (issues.count > 0) return issues.failure();
  return finish('json', rows, declaredVisitorName);
}

function parseCsv(text: string): TranscriptParseResult {
  const issues = new IssueList();
  const rows: TranscriptRow[] = [];
  // Written from Papa's step callback: an object, so the checks after parsing see the updates.
  const state = {
    header: null as string[] | null,
    columnIndex: {} as Record<(typeof transcriptColumns)[number], number>,
    dataRows: 0,
    fatal: null as TranscriptParseResult | null,
  };
  let rowStart = 0;
  let counted = 0;
  let linesBefore = 0;

  Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      // The row begins where the previous one ended, after any blank lines that were skipped.
      while (rowStart < text.length && /\s/.test(text[rowStart]!)) rowStart++;
      linesBefore += countNewlines(text, counted, rowStart);
      counted = rowStart;
      const line = linesBefore + 1;
      rowStart = result.meta.cursor;

      const stop = (failure: TranscriptParseResult) => {
        state.fatal = failure;
        parser.abort();
      };
      if (result.errors.some((error) => error.type === 'Quotes')) return stop(fileIssue('csvQuotes', {}, line));
      const fields = result.data;
      if (!state.header) {
        const header = fields.map((field) => field.trim().toLowerCase());
        const missing = transcriptColumns.filter((column) => !header.includes(column));
        if (missing.length > 0) return stop(fileIssue('missingColumns', { columns: missing.join(', ') }, line));
        for (const column of transcriptColumns) state.columnIndex[column] = header.indexOf(column);
        state.header = header;
        return;
      }
      state.dataRows++;
      // Past the cap rows are only counted, so the message can say how many there are.
      if (state.dataRows > transcriptLimits.maxRows) return;
      if (fields.length !== state.header.length) {
        issues.add(line, 'fieldCount', { expected: state.header.length, found: fields.length });
        return;
      }
      const raw: RawRow = {};
      for (const column of transcriptColumns) raw[column] = fields[state.columnIndex[column]];
      const row = validateRow(raw, line, issues);
      if (row) rows.push(row);
    },
  });

  if (state.fatal) return state.fatal;
  if (!state.header) return fileIssue('emptyFile');
  if (state.dataRows === 0) return fileIssue('noRows');
  if (state.dataRows > transcriptLimits.maxRows) return fileIssue('tooManyRows', { count: state.dataRows, max: transcriptLimits.maxRows });
  if (issues.count > 0) return issues.failure();
  return finish('csv', rows, '');
}

function finish(format: 'json' | 'csv', rows: TranscriptRow[], declaredVisitorName: string): TranscriptParseResult {
  const sorted = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => a.row.timestamp - b.row.timestamp || a.index - b.index)
    .map(({ row }) => row);
  const reordered = sorted.some((row, index) => row !== rows[index]);
  const visitorName = declaredVisitorName || (rows.find((row) => row.sender === 'visitor')?.name ?? '');
  return { ok: true, format, rows: sorted, visitorName, reordered };
}

function detectFormat(fileName: string, text: string): 'json' | 'csv' {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'json') return 'json';
  if (extension === 'csv' || extension === 'tsv') return 'csv';
  return /^\s*[[{]/.test(text) ? 'json' : 'csv';
}

/** Checked before reading the file, so a huge file is never loaded into memory. */
export function oversizedFile(size: number): TranscriptParseResult | null {
  return size > transcriptLimits.maxBytes ? fileIssue('fileTooLarge', { size, max: transcriptLimits.maxBytes }) : null;
}

export function parseTranscript(bytes: Uint8Array, fileName: string): TranscriptParseResult {
  const oversized = oversizedFile(bytes.byteLength);
  if (oversized) return oversized;
  const decoded = decode(bytes);
  if ('issue' in decoded) return fileIssue(decoded.issue);
  if (!decoded.text.trim()) return fileIssue('emptyFile');
  return detectFormat(fileName, decoded.text) === 'json' ? parseJson(decoded.text) : parseCsv(decoded.text);
}
