/** Drops keys whose value is `undefined`: optional document fields are absent, as MongoDB leaves them. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
