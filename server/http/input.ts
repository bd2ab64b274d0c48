import type { JsonObject } from '../store/types.ts';
import { invalidField, type FieldError } from './reply.ts';

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed body as an object (`{}` for arrays, scalars and non-JSON bodies). */
export function bodyObject(body: unknown): JsonObject {
  return isPlainObject(body) ? body : {};
}

export function optionalString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function optionalNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export function optionalBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** express-validator's `notEmpty()` on a body field. */
export function requireNotEmpty(body: JsonObject, param: string): FieldError | undefined {
  const value = optionalString(body[param]);
  return value === undefined || value === '' ? invalidField(param, body[param]) : undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** express-validator's `isEmail()` on a body field. */
export function requireEmail(body: JsonObject, param: string): FieldError | undefined {
  const value = body[param];
  return typeof value === 'string' && EMAIL.test(value) ? undefined : invalidField(param, value);
}
