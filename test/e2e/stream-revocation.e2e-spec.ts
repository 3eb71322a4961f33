import { AccessTokenRepository } from '@kyoyaku/runtime';
import { get } from 'node:http';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A revoked token does not keep its open event stream: every stream re-checks
 * its token, and revocation — by the CLI, in another process, through the API state — ends it within a
 * second, with a last `token-revoked` message.
 */
describe.each(['open', 'token'] as const)(
  'revoking the token of an open event stream (LEDGER_READ_ACCESS=%s)',
  (readAccess) => {
    let t: TestApp;
    /** Listening on a port of its own: several streams are open at once. */
    let url: string;
    beforeAll(async () => {
      t = await startTestApp({ readAccess }, { demo: true });
      await t.app.listen(0, '127.0.0.1');
      url = await t.app.getUrl();
    }, 60_000);
    afterAll(async () => {
      await t.close();
    });

    /** Opens /events/stream with the token; resolves once events flow, with a promise of its end. */
    const open = (token: string) =>
      new Promise<{ ended: Promise<{ at: number; text: string }> }>((resolveOpen, rejectOpen) => {
        let text = '';
        let resolveEnd: (value: { at: number; text: string }) => void = () => undefined;
        const ended = new Promise<{ at: number; text: string }>((resolve) => (resolveEnd = resolve));
        const req = get(`${url}/events/stream`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
          if (res.statusCode !== 200) {
            rejectOpen(new Error(`the stream answered ${res.statusCode ?? '?'}`));
            res.resume();
            return;
          }
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text === '') resolveOpen({ ended });
            text += chunk;
          });
          res.on('close', () => resolveEnd({ at: Date.now(), text }));
        });
        req.on('error', rejectOpen);
      });

    it.each(['reader', 'secretariat'] as const)(
      'ends a %s’s stream within a second of the revocation',
      async (role) => {
        const tokens = t.app.get(AccessTokenRepository);
        const { token, record } = await tokens.issue({ role, label: `stream ${role}`, now: t.clock.now() });
        const stream = await open(token);
        const revokedAt = Date.now();
        expect(await tokens.revoke(record.id, t.clock.now())).toBe(true);
        const deadline = new Promise<'still open'>((resolve) =>
          setTimeout(() => resolve('still open'), 3000).unref(),
        );
        const end = await Promise.race([stream.ended, deadline]);
        if (end === 'still open') throw new Error('the stream of a revoked token is still open after 3 s');
        expect(end.at - revokedAt).toBeLessThan(1000);
        expect(end.text).toMatch(/event: token-revoked\n/);
        // And the token opens nothing any more.
        await request(url).get('/events/stream').set('authorization', `Bearer ${token}`).expect(401);
      },
    );

    it('leaves the streams of other tokens open', async () => {
      const tokens = t.app.get(AccessTokenRepository);
      const kept = await tokens.issue({ role: 'reader', label: 'kept', now: t.clock.now() });
      const revoked = await tokens.issue({ role: 'reader', label: 'revoked', now: t.clock.now() });
      const keptStream = await open(kept.token);
      const revokedStream = await open(revoked.token);
      await tokens.revoke(revoked.record.id, t.clock.now());
      await revokedStream.ended;
      const stillOpen = await Promise.race([
        keptStream.ended.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 1500).unref()),
      ]);
      expect(stillOpen).toBe(true);
      await tokens.revoke(kept.record.id, t.clock.now());
      await keptStream.ended;
    });
  },
);
