// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import { RequestStatus, type Conversation } from '../../../src/shared/domain.ts';
import TransferDialog from '../../../src/renderer/src/components/workflow/TransferDialog.vue';
import TeamView from '../../../src/renderer/src/components/workflow/TeamView.vue';
import { useInboxStore } from '../../../src/renderer/src/stores/inbox.ts';
import { useTeamStore } from '../../../src/renderer/src/stores/team.ts';
import { makeConversation, makeTeamMember } from '../../helpers/domain-fixtures.ts';
import { BridgeFailure, mountWith, scriptedBridge, settle, setUp } from './harness.ts';

enableAutoUnmount(afterEach);

/** The visible words of an element, one space between the texts of separate elements. */
function words(element: Element): string {
  const parts: string[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

const team = [
  makeTeamMember({ userId: 'me', name: 'Mia Agent', email: 'agent@demo.test', assignedCount: 2 }),
  makeTeamMember({ userId: 'u2', name: 'Bruno Two', email: 'agent2@demo.test', available: true, isBusy: true, assignedCount: 5 }),
  makeTeamMember({ userId: 'u3', name: 'Carla Owner', email: 'owner@demo.test', role: 'owner', available: false, profileStatus: 'At lunch', assignedCount: 0 }),
];
const departments = [
  { id: 'd1', name: 'Default Department', routing: 'assigned', isDefault: true },
  { id: 'd2', name: 'Billing', routing: 'pooled', isDefault: false },
];

function transferBridge(conversation: Conversation) {
  return scriptedBridge({
    'team.list': () => team,
    'departments.list': () => departments,
    'conversation.reassign': (args) => ({ ...conversation, participants: args.userIds }),
    'conversation.moveToDepartment': (args) => ({ ...conversation, departmentId: args.departmentId, departmentName: 'Billing', status: RequestStatus.unassigned, participants: [] }),
    'conversation.backToQueue': () => ({ ...conversation, status: RequestStatus.unassigned, participants: [] }),
  });
}

describe('transfer dialog', () => {
  const conversation = makeConversation({ id: 'r1', participants: ['me'], departmentId: 'd1', departmentName: 'Default Department' });

  it('lists the team with availability, busy state and load; ready agents first', async () => {
    const bridge = transferBridge(conversation);
    const wrapper = mountWith(TransferDialog, setUp(bridge), { props: { conversation } });
    await settle();
    const rows = wrapper.findAll('.transfer-agent').map((row) => words(row.element));
    expect(rows).toEqual([
      'Mia Agent (you) Available 2 conversations Assigned now',
      'Bruno Two Available Busy 5 conversations',
      'Carla Owner Unavailable no conversations',
    ]);
  });

  it('reassigns to the chosen agent and applies the result to the inbox at once', async () => {
    const bridge = transferBridge(conversation);
    const context = setUp(bridge);
    const wrapper = mountWith(TransferDialog, context, { props: { conversation } });
    await settle();
    const assign = () => wrapper.findAll('button').find((button) => button.text() === 'Assign')!;
    expect(assign().attributes('disabled')).toBeDefined();
    await wrapper.get('input[value="me"]').setValue(true);
    // Choosing the only current assignee is not a transfer.
    expect(assign().attributes('disabled')).toBeDefined();
    await wrapper.get('input[value="u2"]').setValue(true);
    await assign().trigger('click');
    await settle();
    expect(bridge.callsTo('conversation.reassign')).toEqual([{ conversationId: 'r1', userIds: ['u2'] }]);
    expect(useInboxStore().get('r1')?.participants).toEqual(['u2']);
    expect(wrapper.emitted('done')?.[0]?.[0]).toMatchObject({ id: 'r1', participants: ['u2'] });
  });

  it('moves to another department, marking the current one', async () => {
    const bridge = transferBridge(conversation);
    const wrapper = mountWith(TransferDialog, setUp(bridge), { props: { conversation } });
    await settle();
    const select = wrapper.get('select');
    expect(select.findAll('option').map((option) => option.text())).toEqual(['Default Department (current)', 'Billing']);
    const move = () => wrapper.findAll('button').find((button) => button.text() === 'Move')!;
    expect(move().attributes('disabled')).toBeDefined();
    await select.setValue('d2');
    await move().trigger('click');
    await settle();
    expect(bridge.callsTo('conversation.moveToDepartment')).toEqual([{ conversationId: 'r1', departmentId: 'd2' }]);
    expect(wrapper.emitted('done')).toHaveLength(1);
  });

  it('puts the conversation back in the queue, and not when it is already there', async () => {
    const bridge = transferBridge(conversation);
    const wrapper = mountWith(TransferDialog, setUp(bridge), { props: { conversation } });
    await settle();
    await wrapper.findAll('button').find((button) => button.text() === 'Back to queue')!.trigger('click');
    await settle();
    expect(bridge.callsTo('conversation.backToQueue')).toEqual([{ conversationId: 'r1' }]);

    const queued = makeConversation({ id: 'r2', status: RequestStatus.unassigned, participants: [] });
    const second = mountWith(TransferDialog, setUp(transferBridge(queued)), { props: { conversation: queued } });
    await settle();
    expect(second.text()).toContain('already in the queue');
    expect(second.findAll('button').find((button) => button.text() === 'Back to queue')!.attributes('disabled')).toBeDefined();
  });

  it('keeps the dialog open with the reason when the server refuses', async () => {
    const bridge = scriptedBridge({
      'team.list': () => team,
      'departments.list': () => departments,
      'conversation.reassign': () => {
        throw new BridgeFailure('forbidden', 'you dont have the required role.');
      },
    });
    const wrapper = mountWith(TransferDialog, setUp(bridge), { props: { conversation } });
    await settle();
    await wrapper.get('input[value="u3"]').setValue(true);
    await wrapper.findAll('button').find((button) => button.text() === 'Assign')!.trigger('click');
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toContain('You do not have permission to do that.');
    expect(wrapper.emitted('done')).toBeUndefined();
  });
});

describe('team view', () => {
  it('shows who is available, busy and how many conversations each holds, with my own state on top', async () => {
    const bridge = scriptedBridge({ 'team.list': () => team });
    const wrapper = mountWith(TeamView, setUp(bridge));
    await settle();
    expect(wrapper.get('[data-testid="team-me"]').text()).toMatch(/Me\s*Available\s*2 conversations/);
    expect(wrapper.text()).toContain('2 of 3 available');
    const row = (email: string) => words(wrapper.get(`[data-testid="team-member-${email}"]`).element);
    expect(row('agent2@demo.test')).toBe('Bruno Two agent2@demo.test agent Available Busy 5');
    expect(row('owner@demo.test')).toBe('Carla Owner owner@demo.test owner Unavailable (At lunch) 0');
    expect(row('agent@demo.test')).toBe('Mia Agent (you) agent@demo.test agent Available 2');
  });

  it('updates live when the core pushes a team change', async () => {
    const bridge = scriptedBridge({ 'team.list': () => team });
    const wrapper = mountWith(TeamView, setUp(bridge));
    await settle();
    useTeamStore().apply([...team.slice(0, 2), { ...team[2]!, available: true, assignedCount: 1 }]);
    await settle();
    expect(wrapper.text()).toContain('3 of 3 available');
    expect(words(wrapper.get('[data-testid="team-member-owner@demo.test"]').element)).toBe('Carla Owner owner@demo.test owner Available (At lunch) 1');
  });

  it('toggles my availability', async () => {
    const bridge = scriptedBridge({
      'team.list': () => team,
      'session.setAvailability': (args) => ({ available: args.available, profileStatus: '', isBusy: false, assignedCount: 2 }),
    });
    const wrapper = mountWith(TeamView, setUp(bridge));
    await settle();
    await wrapper.get('[data-testid="team-me"] button').trigger('click');
    await settle();
    expect(bridge.callsTo('session.setAvailability')).toEqual([{ available: false }]);
    expect(wrapper.get('[data-testid="team-me"]').text()).toContain('Unavailable');
    expect(wrapper.get('[data-testid="team-me"] button').text()).toBe('Become available');
  });
});
