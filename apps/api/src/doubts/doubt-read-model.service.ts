import { Inject, Injectable } from '@nestjs/common';
import {
  DOUBT_COLLECTIONS,
  type DoubtListItem,
  type DoubtView,
  padded,
  type ReadModelSource,
  SqliteReadModels,
} from '@kyoyaku/projections';
import type { Page } from '../http/pagination.dto';
import { ProblemException } from '../http/problem';

/** The doubt register (read models), with a 404 problem for a doubt that is not there. */
@Injectable()
export class DoubtReadModels {
  constructor(@Inject(SqliteReadModels) private readonly readModels: ReadModelSource) {}

  view(doubtId: string): DoubtView {
    const view = this.readModels.reader().get<DoubtView>(DOUBT_COLLECTIONS.doubts, doubtId);
    if (view !== null) return view;
    throw new ProblemException({
      status: 404,
      title: 'Not Found',
      code: 'DoubtNotFound',
      detail: `疑義「${doubtId}」は提起されていません。提起された疑義は協約の「疑義」の一覧にあります。`,
    });
  }

  /** An agreement's doubts in the order they were raised; cursor = the raising event's position. */
  list(agreementId: string, page: { after?: string; limit: number }, status?: string): Page<DoubtListItem> {
    const collection = DOUBT_COLLECTIONS.byAgreement(agreementId);
    const items: DoubtListItem[] = [];
    let after = page.after === undefined ? undefined : padded(page.after);
    let more = false;
    // Filtering by status may skip documents: read on until the page is full or the list ends.
    for (;;) {
      const docs = this.readModels.reader().list<DoubtListItem>(collection, {
        ...(after === undefined ? {} : { after }),
        limit: page.limit + 1,
      });
      for (const doc of docs) {
        if (status !== undefined && doc.doc.status !== status) continue;
        if (items.length === page.limit) {
          more = true;
          break;
        }
        items.push(doc.doc);
      }
      const last = docs.at(-1);
      if (more || docs.length <= page.limit || last === undefined) break;
      after = last.sortKey;
    }
    const last = items.at(-1);
    return { items, nextCursor: more && last !== undefined ? last.raisedAtPosition : null };
  }
}
