/**
 * Idempotency-Key per request body (DESIGN.md §8): a form sent again with the same body (a retry
 * after a lost answer, a double click) reuses its key, so the API replays the first answer instead
 * of recording twice; a changed body gets a new key, since the API refuses a key reused for another body.
 */
export class IdempotencyKeys {
  private last: { body: string; key: string } | null = null;

  constructor(private readonly newKey: () => string) {}

  keyFor(body: string): string {
    if (this.last === null || this.last.body !== body) this.last = { body, key: this.newKey() };
    return this.last.key;
  }
}
