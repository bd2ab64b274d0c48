/**
 * Placeholders in canned responses, filled in when a response is inserted into the composer, so the agent
 * sees (and can still edit) the exact text before sending.
 *
 * Supported tokens (case-insensitive):
 * - visitor's name: `$recipient_name` (the Tiledesk web agent chat's token) and `{visitor_name}`
 * - agent's name:   `$agent_name`     (the Tiledesk web agent chat's token) and `{agent_name}`
 * Anything else, e.g. `{order_id}` or `$other`, is left untouched.
 *
 * A token whose value is unknown (blank, or Tiledesk's generated `guest#1a2b` name for anonymous
 * visitors) is left in the text and listed in `unfilled`, so the agent replaces it by hand instead of
 * sending "Hi ,".
 */

export interface PlaceholderValues {
  visitorName: string | null | undefined;
  agentName: string | null | undefined;
}

export type PlaceholderKey = 'visitorName' | 'agentName';

export interface FilledText {
  text: string;
  /** Tokens left in the text because their value is unknown, in order of first appearance. */
  unfilled: string[];
}

const tokenPattern = /\$recipient_name\b|\$agent_name\b|\{\s*visitor_name\s*\}|\{\s*agent_name\s*\}/gi;

function keyOf(token: string): PlaceholderKey {
  return /recipient|visitor/i.test(token) ? 'visitorName' : 'agentName';
}

/** Tiledesk names anonymous visitors `guest#xxxx`; the server also appends a space to a missing last name. */
function usableName(name: string | null | undefined): string | null {
  const trimmed = (name ?? '').trim();
  if (!trimmed || /^guest#/i.test(trimmed)) return null;
  return trimmed;
}

export function fillPlaceholders(text: string, values: PlaceholderValues): FilledText {
  const unfilled: string[] = [];
  // A replacer function, not a replacement string: a name such as "$&" must be inserted literally.
  const filled = text.replace(tokenPattern, (token) => {
    const value = usableName(values[keyOf(token)]);
    if (value === null) {
      if (!unfilled.includes(token)) unfilled.push(token);
      return token;
    }
    return value;
  });
  return { text: filled, unfilled };
}
