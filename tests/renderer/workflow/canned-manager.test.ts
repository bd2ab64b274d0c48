// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import type { CannedResponse } from '../../../src/shared/domain.ts';
import CannedManager from '../../../src/renderer/src/components/workflow/CannedManager.vue';
import SaveAsCannedAction from '../../../src/renderer/src/components/workflow/SaveAsCannedAction.vue';
import { BridgeFailure, mountWith, scriptedBridge, settle, setUp } from './harness.ts';

enableAutoUnmount(afterEach);

function libraryBridge(role = 'agent') {
  let nextId = 10;
  const library: CannedResponse[] = [
    { id: 'mine', title: 'Greeting', text: 'Hello $recipient_name', shared: false, createdBy: 'me', editable: true },
    { id: 'theirs', title: 'Opening hours', text: 'We are open 9-18.', shared: true, createdBy: 'owner', editable: false },
  ];
  const bridge = scriptedBridge({
    'canned.list': () => library,
    'canned.create': (args) => ({ id: `c${nextId++}`, title: args.title, text: args.text, shared: args.shared, createdBy: 'me', editable: true }),
    'canned.update': (args) => {
      if (args.id === 'theirs') throw new BridgeFailure('forbidden', 'you can only edit your own canned responses');
      return { ...library[0]!, title: args.title, text: args.text };
    },
    'canned.delete': () => null,
  });
  const context = setUp(bridge, { role });
  return { bridge, context };
}

function item(wrapper: ReturnType<typeof mountWith>, id: string) {
  return wrapper.get(`[data-testid="canned-${id}"]`);
}

describe('canned response manager', () => {
  it('marks shared responses and offers edit and delete only on my own', async () => {
    const { context } = libraryBridge();
    const wrapper = mountWith(CannedManager, context);
    await settle();
    expect(item(wrapper, 'theirs').text()).toContain('Shared');
    expect(item(wrapper, 'theirs').text()).toContain('Shared by a teammate');
    expect(item(wrapper, 'theirs').findAll('button')).toHaveLength(0);
    expect(item(wrapper, 'mine').text()).toContain('Only me');
    expect(item(wrapper, 'mine').findAll('button').map((button) => button.text())).toEqual(['Edit', 'Delete']);
  });

  it('shows response text as plain text, never as markup', async () => {
    const bridge = scriptedBridge({
      'canned.list': () => [{ id: 'x', title: '<b>bold</b>', text: '<img src=x onerror="window.hacked=1">', shared: true, createdBy: 'o', editable: false }],
    });
    const wrapper = mountWith(CannedManager, setUp(bridge));
    await settle();
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('b').exists()).toBe(false);
    expect(item(wrapper, 'x').text()).toContain('<img src=x onerror="window.hacked=1">');
  });

  it('creates a personal response for an agent, or a shared one when asked', async () => {
    const { bridge, context } = libraryBridge();
    const wrapper = mountWith(CannedManager, context);
    await settle();
    await wrapper.get('.canned-toolbar .btn-primary').trigger('click');
    const form = wrapper.get('form');
    await form.get('input.input').setValue('Shipping');
    await form.get('textarea').setValue('  Ships in 2 days, {visitor_name}.  ');
    await form.get('input[type="checkbox"]').setValue(true);
    await form.trigger('submit');
    await settle();
    expect(bridge.callsTo('canned.create')).toEqual([{ title: 'Shipping', text: 'Ships in 2 days, {visitor_name}.', shared: true }]);
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.findAll('.canned-item-title').map((title) => title.text())).toEqual(['Greeting', 'Opening hours', 'Shipping']);
  });

  it('tells owners and admins their responses are always shared', async () => {
    const { bridge, context } = libraryBridge('owner');
    const wrapper = mountWith(CannedManager, context);
    await settle();
    await wrapper.get('.canned-toolbar .btn-primary').trigger('click');
    expect(wrapper.text()).toContain('your canned responses are shared with the whole team');
    expect(wrapper.find('input[type="checkbox"]').exists()).toBe(false);
    await wrapper.get('form input.input').setValue('Hours');
    await wrapper.get('form textarea').setValue('9-18');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(bridge.callsTo('canned.create')[0]?.shared).toBe(true);
  });

  it('refuses an empty title or text without calling the core', async () => {
    const { bridge, context } = libraryBridge();
    const wrapper = mountWith(CannedManager, context);
    await settle();
    await wrapper.get('.canned-toolbar .btn-primary').trigger('click');
    await wrapper.get('form textarea').setValue('   ');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.text()).toContain('Enter a title.');
    expect(wrapper.text()).toContain('Enter the text.');
    expect(bridge.callsTo('canned.create')).toHaveLength(0);
  });

  it('edits my own response', async () => {
    const { bridge, context } = libraryBridge();
    const wrapper = mountWith(CannedManager, context);
    await settle();
    await item(wrapper, 'mine').get('button').trigger('click');
    expect((wrapper.get('form textarea').element as HTMLTextAreaElement).value).toBe('Hello $recipient_name');
    await wrapper.get('form textarea').setValue('Hello $recipient_name, welcome back!');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(bridge.callsTo('canned.update')).toEqual([{ id: 'mine', title: 'Greeting', text: 'Hello $recipient_name, welcome back!' }]);
    expect(item(wrapper, 'mine').text()).toContain('welcome back!');
  });

  it('deletes my own response after confirmation', async () => {
    const { bridge, context } = libraryBridge();
    const wrapper = mountWith(CannedManager, context);
    await settle();
    await item(wrapper, 'mine').findAll('button')[1]!.trigger('click');
    expect(item(wrapper, 'mine').text()).toContain('Delete “Greeting”?');
    expect(bridge.callsTo('canned.delete')).toHaveLength(0);
    await item(wrapper, 'mine').get('.btn-danger').trigger('click');
    await settle();
    expect(bridge.callsTo('canned.delete')).toEqual([{ id: 'mine' }]);
    expect(wrapper.find('[data-testid="canned-mine"]').exists()).toBe(false);
  });

  it('keeps the response and explains when the server refuses a delete', async () => {
    const bridge = scriptedBridge({
      'canned.list': () => [{ id: 'mine', title: 'Greeting', text: 'Hi', shared: false, createdBy: 'me', editable: true }],
      'canned.delete': () => {
        throw new BridgeFailure('forbidden', 'not yours');
      },
    });
    const wrapper = mountWith(CannedManager, setUp(bridge));
    await settle();
    await item(wrapper, 'mine').findAll('button')[1]!.trigger('click');
    await item(wrapper, 'mine').get('.btn-danger').trigger('click');
    await settle();
    expect(item(wrapper, 'mine').get('[role="alert"]').text()).toContain('You do not have permission to do that.');
  });

  it('saves a sent message as a new canned response', async () => {
    const { bridge, context } = libraryBridge();
    const wrapper = mountWith(SaveAsCannedAction, context, { props: { text: 'Your parcel left our warehouse today.' } });
    await wrapper.get('button').trigger('click');
    await settle();
    const dialog = document.querySelector('[data-testid] form, dialog form') as HTMLFormElement;
    expect((dialog.querySelector('textarea') as HTMLTextAreaElement).value).toBe('Your parcel left our warehouse today.');
    const title = dialog.querySelector('input.input') as HTMLInputElement;
    title.value = 'Parcel shipped';
    title.dispatchEvent(new Event('input'));
    dialog.dispatchEvent(new Event('submit'));
    await settle();
    expect(bridge.callsTo('canned.create')).toEqual([{ title: 'Parcel shipped', text: 'Your parcel left our warehouse today.', shared: false }]);
    expect(wrapper.text()).toContain('Canned response saved.');
  });
});
