/**
 * A fresh Idempotency-Key: 128 random bits as hex. crypto.getRandomValues works on plain-HTTP
 * addresses too (crypto.randomUUID needs a secure context).
 */
export function randomKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
