import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../../src/renderer/src/lib/placeholders.ts';

const names = { visitorName: 'John', agentName: 'Anna Rossi' };

describe('canned response placeholders', () => {
  it('fills the Tiledesk web chat tokens $recipient_name and $agent_name', () => {
    expect(fillPlaceholders('Hi $recipient_name, I am $agent_name.', names)).toEqual({ text: 'Hi John, I am Anna Rossi.', unfilled: [] });
  });

  it('fills {visitor_name} and {agent_name}, with spaces inside the braces and any case', () => {
    expect(fillPlaceholders('Hello {visitor_name}! { AGENT_NAME } here, {Visitor_Name}.', names).text).toBe('Hello John! Anna Rossi here, John.');
  });

  it('fills every occurrence and leaves unknown tokens and look-alikes untouched', () => {
    const { text } = fillPlaceholders('$recipient_name $recipient_name $recipient_names {order_id} $agent {agent_name', names);
    expect(text).toBe('John John $recipient_names {order_id} $agent {agent_name');
  });

  it('trims the trailing space Tiledesk adds to names without a last name', () => {
    expect(fillPlaceholders('Hi $recipient_name!', { visitorName: 'John ', agentName: 'A' }).text).toBe('Hi John!');
  });

  it('keeps a token whose value is unknown and reports it, instead of sending "Hi ,"', () => {
    expect(fillPlaceholders('Hi $recipient_name, {visitor_name}. $agent_name', { visitorName: '  ', agentName: 'Anna' })).toEqual({
      text: 'Hi $recipient_name, {visitor_name}. Anna',
      unfilled: ['$recipient_name', '{visitor_name}'],
    });
  });

  it("treats Tiledesk's generated guest#xxxx name as unknown", () => {
    expect(fillPlaceholders('Hi $recipient_name', { visitorName: 'guest#3fa2', agentName: 'Anna' }).unfilled).toEqual(['$recipient_name']);
  });

  it('inserts names literally, even when they look like replacement patterns or markup', () => {
    const { text } = fillPlaceholders('Hi $recipient_name', { visitorName: "$& $' <b>x</b>", agentName: 'Anna' });
    expect(text).toBe("Hi $& $' <b>x</b>");
  });
});
