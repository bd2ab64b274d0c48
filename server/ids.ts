import { randomBytes, randomUUID } from 'node:crypto';

const processUnique = randomBytes(5);
let counter = randomBytes(3).readUIntBE(0, 3);

/** A MongoDB-style ObjectId (24 hex chars: seconds, process-unique bytes, counter) so ids look like the real server's. */
export function newObjectId(at: Date = new Date()): string {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(at.getTime() / 1000) >>> 0, 0);
  processUnique.copy(bytes, 4);
  counter = (counter + 1) % 0x1000000;
  bytes.writeUIntBE(counter, 9, 3);
  return bytes.toString('hex');
}

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-fA-F]{24}$/.test(value);
}

export function newUuid(): string {
  return randomUUID();
}
