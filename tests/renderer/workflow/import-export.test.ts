// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import { RequestStatus } from '../../../src/shared/domain.ts';
import type { TranscriptRow } from '../../../src/shared/ipc/contract.ts';
import TranscriptImportDialog from '../../../src/renderer/src/components/workflow/TranscriptImportDialog.vue';
import ExportConversationAction from '../../../src/renderer/src/components/workflow/ExportConversationAction.vue';
import { useInboxStore } from '../../../src/renderer/src/stores/inbox.ts';
import { makeConversation } from '../../helpers/domain-fixtures.ts';
import { BridgeFailure, mountWith, scriptedBridge, settle, setUp } from './harness.ts';

enableAutoUnmount(afterEach);

async function chooseFile(wrapper: ReturnType<typeof mountWith>, file: File): Promise<void> {
  const input = wrapper.get('input[type="file"]');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
  await settle();
}

function importBridge() {
  return scriptedBridge({
    'transcript.import': (args) => makeConversation({ id: 'imported-1', visitor: { id: 'v', name: args.visitorName, email: null, attributes: {} }, status: RequestStatus.closed }),
  });
}

const csv = (rows: string[]) => new File([['sender,name,text,timestamp', ...rows].join('\n')], 'chat.csv', { type: 'text/csv' });

describe('transcript import dialog', () => {
  it('previews a valid file and imports every row in order, with the confirmed visitor name', async () => {
    const bridge = importBridge();
    const wrapper = mountWith(TranscriptImportDialog, setUp(bridge));
    const rows = Array.from({ length: 60 }, (_, i) => `${i % 2 ? 'agent,Mia' : 'visitor,Mario Rossi'},message ${i},${1715000000 + i}`);
    await chooseFile(wrapper, csv(rows));
    expect(wrapper.get('[data-testid="import-summary"]').text()).toContain('60 messages');
    expect(wrapper.findAll('tbody tr')).toHaveLength(50);
    expect(wrapper.text()).toContain('…and 10 more messages.');
    const name = wrapper.get('input.input');
    expect((name.element as HTMLInputElement).value).toBe('Mario Rossi');
    await name.setValue('Mario R.');
    const confirm = wrapper.findAll('button').find((button) => button.text() === 'Import 60 messages')!;
    await confirm.trigger('click');
    await settle();
    const [call] = bridge.callsTo('transcript.import');
    expect(call?.visitorName).toBe('Mario R.');
    expect(call?.rows.map((row: TranscriptRow) => row.text)).toEqual(rows.map((_, i) => `message ${i}`));
    expect(wrapper.emitted('imported')?.[0]?.[0]).toMatchObject({ id: 'imported-1' });
    expect(useInboxStore().get('imported-1')).toBeDefined();
  });

  it('lists bad rows by line and never calls the core', async () => {
    const bridge = importBridge();
    const wrapper = mountWith(TranscriptImportDialog, setUp(bridge));
    await chooseFile(wrapper, csv(['visitor,V,ok,1715000000', 'customer,V,hm,1715000001', 'agent,A,when,yesterday']));
    const issues = wrapper.get('[data-testid="import-issues"]');
    expect(issues.text()).toContain('chat.csv cannot be imported: 2 problems.');
    expect(issues.findAll('li').map((li) => li.text())).toEqual([
      'Line 3: unknown sender “customer” (use visitor, agent, bot or system).',
      expect.stringMatching(/^Line 4: “yesterday” is not a timestamp/),
    ]);
    const confirm = wrapper.findAll('button').find((button) => button.text().startsWith('Import'))!;
    expect(confirm.attributes('disabled')).toBeDefined();
    expect(bridge.calls).toHaveLength(0);
  });

  it('refuses a file over 5 MB without reading it', async () => {
    const bridge = importBridge();
    const wrapper = mountWith(TranscriptImportDialog, setUp(bridge));
    const file = new File(['x'], 'huge.json');
    Object.defineProperty(file, 'size', { value: 6 * 1024 * 1024 });
    const read = vi.spyOn(file, 'arrayBuffer');
    await chooseFile(wrapper, file);
    expect(wrapper.get('[data-testid="import-issues"]').text()).toContain('The file is 6.0 MB: files up to 5.0 MB can be imported.');
    expect(read).not.toHaveBeenCalled();
  });

  it('explains a wrong encoding', async () => {
    const wrapper = mountWith(TranscriptImportDialog, setUp(importBridge()));
    await chooseFile(wrapper, new File([new Uint8Array([0x73, 0x65, 0x6e, 0x64, 0xe9, 0x72])], 'latin1.csv'));
    expect(wrapper.get('[data-testid="import-issues"]').text()).toContain('not UTF-8 text');
  });

  it('requires a visitor name before importing', async () => {
    const bridge = importBridge();
    const wrapper = mountWith(TranscriptImportDialog, setUp(bridge));
    await chooseFile(wrapper, csv(['agent,Mia,hello,1715000000']));
    expect(wrapper.text()).toContain('Enter the visitor’s name.');
    expect(wrapper.findAll('button').find((button) => button.text() === 'Import 1 message')!.attributes('disabled')).toBeDefined();
  });

  it('shows the reason when the core refuses the import, and keeps the preview', async () => {
    const bridge = scriptedBridge({
      'transcript.import': () => {
        throw new BridgeFailure('network', 'socket hang up');
      },
    });
    const wrapper = mountWith(TranscriptImportDialog, setUp(bridge));
    await chooseFile(wrapper, csv(['visitor,V,hello,1715000000']));
    await wrapper.findAll('button').find((button) => button.text() === 'Import 1 message')!.trigger('click');
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toContain('The server cannot be reached');
    expect(wrapper.find('[data-testid="import-summary"]').exists()).toBe(true);
    expect(wrapper.emitted('imported')).toBeUndefined();
  });

  it('speaks Italian', async () => {
    const wrapper = mountWith(TranscriptImportDialog, setUp(importBridge(), { locale: 'it' }));
    await chooseFile(wrapper, csv(['bot,B,ciao,12']));
    expect(wrapper.get('[data-testid="import-issues"]').text()).toContain('Riga 2: “12” non è un timestamp');
  });
});

describe('export action', () => {
  it('is offered for closed conversations only', () => {
    const open = makeConversation({ id: 'r1' });
    const wrapper = mountWith(ExportConversationAction, setUp(scriptedBridge({})), { props: { conversation: open } });
    expect(wrapper.find('button').exists()).toBe(false);
  });

  it('downloads the transcript the core produced, as a file with a safe name', async () => {
    const bridge = scriptedBridge({
      'conversation.export': (args) => ({ fileName: `../../etc/conversation-r1.${args.format === 'json' ? 'json' : 'txt'}`, content: 'hello\nworld' }),
    });
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:export-1';
    });
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicks: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });
    const closed = makeConversation({ id: 'r1', status: RequestStatus.closed });
    const wrapper = mountWith(ExportConversationAction, setUp(bridge), { props: { conversation: closed } });
    await wrapper.findAll('button').find((button) => button.text() === 'Export as JSON')!.trigger('click');
    await settle();
    expect(bridge.callsTo('conversation.export')).toEqual([{ conversationId: 'r1', format: 'json' }]);
    expect(clicks[0]?.download).toBe('conversation-r1.json');
    expect(clicks[0]?.href).toBe('blob:export-1');
    expect(await created[0]!.text()).toBe('hello\nworld');
    expect(created[0]!.type).toBe('application/json;charset=utf-8');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:export-1');
    click.mockRestore();
  });

  it('says why an export failed', async () => {
    const bridge = scriptedBridge({
      'conversation.export': () => {
        throw new BridgeFailure('not_found', 'gone');
      },
    });
    const closed = makeConversation({ id: 'r1', status: RequestStatus.closed });
    const wrapper = mountWith(ExportConversationAction, setUp(bridge), { props: { conversation: closed } });
    await wrapper.findAll('button')[0]!.trigger('click');
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not export the conversation. It no longer exists on the server.');
  });
});
