/**
 * Tolerant readers for Tiledesk wire objects. The same field can be an id or a populated object, an array or an
 * object, a number or a string, depending on the route and the frame; these helpers never throw.
 */
export type WireRecord = Record<string, unknown>;

export function asRecord(value: unknown): WireRecord | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as WireRecord) : null;
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function asNonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function asBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asStringArray(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

/** The id of something that may be a plain id string or a populated document. */
export function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value || null;
  const record = asRecord(value);
  if (!record) return null;
  return asNonEmptyString(record._id) ?? asNonEmptyString(record.id);
}

/** ISO date string, or null when absent or not a date. */
export function asIsoDate(value: unknown): string | null {
  if (typeof value === 'string' && Number.isFinite(Date.parse(value))) return new Date(value).toISOString();
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  return null;
}

export function fullName(firstname: unknown, lastname: unknown): string {
  return [asString(firstname) ?? '', asString(lastname) ?? ''].map((part) => part.trim()).filter(Boolean).join(' ');
}
