import { describe, expect, it } from 'vitest';
import { parseTimestamp, parseTranscript, transcriptLimits, type TranscriptParseResult } from '../../../src/renderer/src/lib/transcript-import.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function ok(result: TranscriptParseResult) {
  if (!result.ok) throw new Error(`expected a valid transcript, got ${JSON.stringify(result.issues)}`);
  return result;
}
function failed(result: TranscriptParseResult) {
  if (result.ok) throw new Error('expected the transcript to be rejected');
  return result;
}

const t0 = Date.UTC(2024, 4, 6, 9, 30, 0);

describe('transcript import: valid files', () => {
  it('reads a JSON array, keeping the fields and taking the visitor name from the first visitor row', () => {
    const result = ok(
      parseTranscript(
        utf8(JSON.stringify([
          { sender: 'visitor', name: 'Mario Bianchi', text: 'My order is late', timestamp: '2024-05-06T09:30:00Z' },
          { sender: 'Agent', name: 'Anna', text: 'Let me check', timestamp: t0 + 60_000 },
          { sender: 'system', name: '', text: 'Chat closed', timestamp: (t0 + 120_000) / 1000 },
        ])),
        'chat.json',
      ),
    );
    expect(result.format).toBe('json');
    expect(result.visitorName).toBe('Mario Bianchi');
    expect(result.reordered).toBe(false);
    expect(result.rows).toEqual([
      { sender: 'visitor', name: 'Mario Bianchi', text: 'My order is late', timestamp: t0 },
      { sender: 'agent', name: 'Anna', text: 'Let me check', timestamp: t0 + 60_000 },
      { sender: 'system', name: '', text: 'Chat closed', timestamp: t0 + 120_000 },
    ]);
  });

  it('reads the JSON object form with a declared visitor name', () => {
    const result = ok(parseTranscript(utf8(JSON.stringify({ visitorName: ' Luisa ', messages: [{ sender: 'visitor', name: 'L.', text: 'hi', timestamp: t0 }] })), 'x.json'));
    expect(result.visitorName).toBe('Luisa');
    expect(result.rows).toHaveLength(1);
  });

  it('reads CSV with quoted commas, doubled quotes, newlines inside quotes, any column order and extra columns', () => {
    const csv = [
      'Timestamp,Sender,Channel,Name,Text',
      '2024-05-06T09:30:00Z,visitor,web,"Bianchi, Mario","Hello, I need ""help"""',
      `${t0 / 1000 + 5},agent,web,Anna,"Line one`,
      'line two"',
      '',
    ].join('\r\n');
    const result = ok(parseTranscript(utf8(csv), 'export.csv'));
    expect(result.format).toBe('csv');
    expect(result.visitorName).toBe('Bianchi, Mario');
    expect(result.rows).toEqual([
      { sender: 'visitor', name: 'Bianchi, Mario', text: 'Hello, I need "help"', timestamp: t0 },
      { sender: 'agent', name: 'Anna', text: 'Line one\r\nline two', timestamp: t0 + 5000 },
    ]);
  });

  it('detects semicolon-separated CSV (spreadsheets in Italian locales) and skips blank lines', () => {
    const csv = 'sender;name;text;timestamp\n\nvisitor;Mario;Ciao;1715000000\n\n\nagent;Anna;Buongiorno;1715000001\n';
    const result = ok(parseTranscript(utf8(csv), 'chat.csv'));
    expect(result.rows.map((row) => row.text)).toEqual(['Ciao', 'Buongiorno']);
  });

  it('accepts ISO with offsets or without (local time), epoch seconds and epoch milliseconds', () => {
    expect(parseTimestamp('2024-05-06T11:30:00+02:00')).toBe(t0);
    expect(parseTimestamp('2024-05-06T09:30:00.250Z')).toBe(t0 + 250);
    expect(parseTimestamp('2024-05-06 09:30')).toBe(new Date(2024, 4, 6, 9, 30).getTime());
    expect(parseTimestamp(t0 / 1000)).toBe(t0);
    expect(parseTimestamp(String(t0 / 1000))).toBe(t0);
    expect(parseTimestamp(t0)).toBe(t0);
    expect(parseTimestamp(String(t0))).toBe(t0);
  });

  it('sorts rows by timestamp, ties keeping file order, and says so', () => {
    const result = ok(
      parseTranscript(
        utf8('sender,name,text,timestamp\nagent,A,second,1715000020\nvisitor,V,first,1715000010\nagent,A,third,1715000020\n'),
        'a.csv',
      ),
    );
    expect(result.reordered).toBe(true);
    expect(result.rows.map((row) => row.text)).toEqual(['first', 'second', 'third']);
  });

  it('decodes UTF-8 with a BOM and UTF-16 (LE and BE) with a BOM', () => {
    const csv = 'sender,name,text,timestamp\nvisitor,Zoë,Perché? ✓,1715000000\n';
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(csv)]);
    expect(ok(parseTranscript(withBom, 'a.csv')).rows[0]?.text).toBe('Perché? ✓');

    const le = new Uint8Array(2 + csv.length * 2);
    const be = new Uint8Array(2 + csv.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < csv.length; i++) {
      const code = csv.charCodeAt(i);
      le.set([code & 0xff, code >> 8], 2 + i * 2);
      be.set([code >> 8, code & 0xff], 2 + i * 2);
    }
    expect(ok(parseTranscript(le, 'a.csv')).rows[0]?.name).toBe('Zoë');
    expect(ok(parseTranscript(be, 'a.csv')).rows[0]?.name).toBe('Zoë');
  });

  it('guesses the format from the content when the file name has no known extension', () => {
    expect(ok(parseTranscript(utf8('[{"sender":"visitor","name":"V","text":"hi","timestamp":1715000000}]'), 'transcript.txt')).format).toBe('json');
    expect(ok(parseTranscript(utf8('sender,name,text,timestamp\nvisitor,V,hi,1715000000'), 'transcript')).format).toBe('csv');
  });
});

describe('transcript import: malformed files are rejected with line numbers', () => {
  it('reports invalid JSON with the line of the syntax error', () => {
    const result = failed(parseTranscript(utf8('[\n  {"sender": "visitor", "name": "V", "text": "hi", "timestamp": 1},\n  {"sender": "agent",, }\n]'), 'a.json'));
    expect(result.issues).toEqual([expect.objectContaining({ code: 'badJson', line: 3 })]);
  });

  it('rejects JSON that is neither an array of rows nor an object with messages', () => {
    expect(failed(parseTranscript(utf8('{"rows": []}'), 'a.json')).issues[0]?.code).toBe('jsonShape');
    expect(failed(parseTranscript(utf8('[]'), 'a.json')).issues[0]?.code).toBe('noRows');
  });

  it('reports every bad JSON row at the line where that row starts', () => {
    const text = [
      '{',
      '  "visitorName": "V",',
      '  "messages": [',
      '    {"sender": "visitor", "name": "V", "text": "ok", "timestamp": 1715000000},',
      '    {"sender": "customer", "name": "V", "text": "who?", "timestamp": 1715000001},',
      '    {',
      '      "sender": "agent", "name": "A", "text": "when?",',
      '      "timestamp": "yesterday"',
      '    },',
      '    "just text",',
      '    {"sender": "agent", "name": "", "text": "   ", "timestamp": -5}',
      '  ]',
      '}',
    ].join('\n');
    const result = failed(parseTranscript(utf8(text), 'a.json'));
    expect(result.issues.map(({ line, code }) => [line, code])).toEqual([
      [5, 'badSender'],
      [6, 'badTimestamp'],
      [10, 'notAnObject'],
      [11, 'missingName'],
      [11, 'missingText'],
      [11, 'badTimestamp'],
    ]);
    expect(result.issues[0]?.params.value).toBe('customer');
  });

  it('reports missing CSV columns by name', () => {
    const result = failed(parseTranscript(utf8('from,name,message,timestamp\nvisitor,V,hi,1\n'), 'a.csv'));
    expect(result.issues).toEqual([{ line: 1, code: 'missingColumns', params: { columns: 'sender, text' } }]);
  });

  it('reports bad CSV rows by their line in the file, counting multi-line quoted fields and blank lines', () => {
    const csv = [
      'sender,name,text,timestamp', // 1
      'visitor,V,"two', // 2
      'lines",1715000000', // 3
      '', // 4
      'agent,A,fine,31/12/2024 10:00', // 5
      'agent,A,too,many,1715000000', // 6
      'bot,,hello,1715000002', // 7
      'visitor,V,hi,2024-02-30T10:00:00Z', // 8
    ].join('\n');
    const result = failed(parseTranscript(utf8(csv), 'a.csv'));
    expect(result.issues.map(({ line, code }) => [line, code])).toEqual([
      [5, 'badTimestamp'],
      [6, 'fieldCount'],
      [7, 'missingName'],
      [8, 'badTimestamp'],
    ]);
    expect(result.issueCount).toBe(4);
  });

  it('rejects an unterminated quote instead of swallowing the rest of the file into one message', () => {
    const csv = 'sender,name,text,timestamp\nvisitor,V,"oops,1715000000\nagent,A,hi,1715000001\n';
    expect(failed(parseTranscript(utf8(csv), 'a.csv')).issues).toEqual([{ line: 2, code: 'csvQuotes', params: {} }]);
  });

  it('rejects timestamps that are not real dates or are ambiguous', () => {
    const tomorrowAndAMinute = Date.now() + 86_400_000 + 60_000;
    for (const bad of ['2024-13-01T00:00:00Z', '2024-02-30T10:00:00Z', '2024-05-06', '06/05/2024 10:00', 'NaN', '', '1e12', -1, Infinity, true, {}, tomorrowAndAMinute]) {
      expect(parseTimestamp(bad), String(bad)).toBeNull();
    }
  });

  it('rejects row numbers and other values before the year 2000 that parse as dates by accident', () => {
    for (const bad of [1, '1', 42, '1999-12-31T23:59:59Z', 946_684_799]) expect(parseTimestamp(bad), String(bad)).toBeNull();
    expect(parseTimestamp('2000-01-01T00:00:00Z')).toBe(946_684_800_000);
  });

  it('lists at most the first 100 issues but counts them all', () => {
    const rows = Array.from({ length: 150 }, () => 'nobody,V,hi,1715000000');
    const result = failed(parseTranscript(utf8(`sender,name,text,timestamp\n${rows.join('\n')}`), 'a.csv'));
    expect(result.issues).toHaveLength(transcriptLimits.maxListedIssues);
    expect(result.issueCount).toBe(150);
    expect(result.issues[99]?.line).toBe(101);
  });
});

describe('transcript import: huge and hostile files', () => {
  it('rejects a file over 5 MB before reading it', () => {
    const result = failed(parseTranscript(new Uint8Array(transcriptLimits.maxBytes + 1), 'big.csv'));
    expect(result.issues[0]).toMatchObject({ code: 'fileTooLarge', params: { max: transcriptLimits.maxBytes } });
  });

  it('rejects more than 10,000 rows, saying how many there are', () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `visitor,V,m${i},${1715000000 + i}`);
    const csv = failed(parseTranscript(utf8(`sender,name,text,timestamp\n${rows.join('\n')}`), 'a.csv'));
    expect(csv.issues[0]).toMatchObject({ code: 'tooManyRows', params: { count: 10_001, max: 10_000 } });

    const json = failed(parseTranscript(utf8(JSON.stringify(Array.from({ length: 10_001 }, () => ({})))), 'a.json'));
    expect(json.issues[0]).toMatchObject({ code: 'tooManyRows', params: { count: 10_001 } });
  });

  it('accepts exactly 10,000 rows', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `visitor,V,m${i},${1715000000 + i}`);
    expect(ok(parseTranscript(utf8(`sender,name,text,timestamp\n${rows.join('\n')}`), 'a.csv')).rows).toHaveLength(10_000);
  });

  it('rejects a message text over 100,000 characters and a name over 255', () => {
    const result = failed(
      parseTranscript(utf8(JSON.stringify([{ sender: 'visitor', name: 'n'.repeat(256), text: 'x'.repeat(100_001), timestamp: 1715000000 }])), 'a.json'),
    );
    expect(result.issues.map((issue) => issue.code)).toEqual(['nameTooLong', 'textTooLong']);
  });

  it('keeps markup and script in message text as plain text (rendering never treats it as HTML)', () => {
    const result = ok(parseTranscript(utf8('sender,name,text,timestamp\nvisitor,<img src=x onerror=alert(1)>,<script>alert(1)</script>,1715000000'), 'a.csv'));
    expect(result.rows[0]).toMatchObject({ name: '<img src=x onerror=alert(1)>', text: '<script>alert(1)</script>' });
  });

  it('shortens untrusted values echoed in issues', () => {
    const result = failed(parseTranscript(utf8(`sender,name,text,timestamp\n${'s'.repeat(5000)},V,hi,1`), 'a.csv'));
    expect(String(result.issues[0]?.params.value).length).toBeLessThanOrEqual(41);
  });
});

describe('transcript import: wrong encoding', () => {
  it('rejects Latin-1 / Windows-1252 bytes as invalid UTF-8', () => {
    const latin1 = new Uint8Array([...utf8('sender,name,text,timestamp\nvisitor,Zo'), 0xeb, ...utf8(',hi,1715000000\n')]);
    expect(failed(parseTranscript(latin1, 'a.csv')).issues).toEqual([{ line: null, code: 'invalidUtf8', params: {} }]);
  });

  it('rejects UTF-16 without a byte order mark', () => {
    const text = 'sender,name,text,timestamp';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) bytes[i * 2] = text.charCodeAt(i);
    expect(failed(parseTranscript(bytes, 'a.csv')).issues[0]?.code).toBe('utf16WithoutBom');
  });

  it('rejects a UTF-16 file with a BOM but broken surrogate pairs', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]);
    expect(failed(parseTranscript(bytes, 'a.csv')).issues[0]?.code).toBe('invalidUtf8');
  });

  it('rejects an empty or blank file', () => {
    expect(failed(parseTranscript(new Uint8Array(), 'a.csv')).issues[0]?.code).toBe('emptyFile');
    expect(failed(parseTranscript(utf8(' \n\n'), 'a.json')).issues[0]?.code).toBe('emptyFile');
    expect(failed(parseTranscript(utf8('sender,name,text,timestamp\n'), 'a.csv')).issues[0]?.code).toBe('noRows');
  });
});

describe('transcript import: this app’s own JSON export', () => {
  it('imports a conversation exported as JSON by Tiledesk Agent, keeping authors, names, times and file links', async () => {
    const { exportConversation } = await import('../../../src/main/core/transcript/transcript.ts');
    const { makeConversation, makeMessage } = await import('../../helpers/domain-fixtures.ts');
    const conversation = makeConversation({ id: 'r1', visitor: { id: 'v1', name: 'Giulia Verdi', email: null, attributes: {} } });
    const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
    const messages = [
      makeMessage({ id: 'm2', conversationId: 'r1', author: 'me', sender: 'u1', senderFullname: 'Mia Agent', text: 'Hello Giulia', createdAt: at(1) }),
      makeMessage({ id: 'm1', conversationId: 'r1', author: 'visitor', sender: 'v1', senderFullname: 'Giulia Verdi', text: 'Hi', createdAt: at(0) }),
      makeMessage({ id: 'm3', conversationId: 'r1', author: 'visitor', sender: 'v1', senderFullname: 'Giulia Verdi', type: 'image', text: '', metadata: { src: 'https://files.example/a.png', name: 'a.png' }, createdAt: at(2) }),
      makeMessage({ id: 'm4', conversationId: 'r1', author: 'system', sender: 'system', senderFullname: 'Bot', text: 'Chat closed', createdAt: at(3) }),
    ];
    const { content } = exportConversation(conversation, messages, 'json');
    const result = ok(parseTranscript(utf8(content), 'conversation-r1.json'));
    expect(result.visitorName).toBe('Giulia Verdi');
    expect(result.rows).toEqual([
      { sender: 'visitor', name: 'Giulia Verdi', text: 'Hi', timestamp: t0 },
      { sender: 'agent', name: 'Mia Agent', text: 'Hello Giulia', timestamp: t0 + 60_000 },
      { sender: 'visitor', name: 'Giulia Verdi', text: 'a.png (https://files.example/a.png)', timestamp: t0 + 120_000 },
      { sender: 'system', name: 'Bot', text: 'Chat closed', timestamp: t0 + 180_000 },
    ]);
  });
});
