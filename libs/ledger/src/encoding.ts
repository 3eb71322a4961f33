/**
 * Standard padded base64 (RFC 4648 §4), strictly: Buffer.from(text, 'base64') silently skips
 * foreign characters and accepts non-zero padding bits, so one hash could be written many ways.
 * Returns null for anything but the one canonical spelling.
 */
export function decodeBase64Strict(text: string): Buffer | null {
  if (typeof text !== 'string' || !BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
