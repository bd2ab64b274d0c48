/** Turns a pasted or dropped file into the `attachment` of `message.send`. */
import type { InvokeArgs } from '../../../shared/ipc/contract.ts';

export type OutgoingAttachment = NonNullable<InvokeArgs<'message.send'>['attachment']>;

/** The server's upload limit (MAX_UPLOAD_FILE_SIZE). */
export const MAX_ATTACHMENT_BYTES = 1_024_000;

export type AttachmentResult = { ok: true; attachment: OutgoingAttachment } | { ok: false; reason: 'too_large' | 'unreadable'; size: number };

async function imageSize(file: Blob): Promise<{ width: number; height: number } | null> {
  if (typeof createImageBitmap !== 'function') return null;
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size.width > 0 && size.height > 0 ? size : null;
  } catch {
    return null;
  }
}

export async function readAttachment(file: File): Promise<AttachmentResult> {
  if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, reason: 'too_large', size: file.size };
  let data: Uint8Array<ArrayBuffer>;
  try {
    data = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { ok: false, reason: 'unreadable', size: file.size };
  }
  const mimeType = file.type || 'application/octet-stream';
  const size = mimeType.startsWith('image/') ? await imageSize(file) : null;
  const extension = mimeType.split('/')[1]?.replace('jpeg', 'jpg') ?? 'bin';
  return {
    ok: true,
    attachment: {
      fileName: (file.name || `pasted-image.${extension}`).slice(0, 255),
      mimeType,
      data,
      ...(size ? { width: size.width, height: size.height } : {}),
    },
  };
}
