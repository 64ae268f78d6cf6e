// /_sandbox/requests: the request journal, newest first, a page at a time; /_sandbox/requests/:id: one
// call with its bodies. Read-only.
import { Router } from 'express';
import type { RequestList } from '../../schemas/control/dashboard.ts';
import { entryOf, seqOfRequestId, summaryOf, type RequestJournal } from '../journal/request-journal.ts';
import { controlError, sendControlError } from './control-errors.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { queryCheck } from './control-validate.ts';

const checkQuery = queryCheck(CONTROL_SCHEMAS.RequestListQuery);

export function journalRoutes(journal: RequestJournal): Router {
  const router = Router();

  router.get('/requests', (req, res) => {
    const checked = checkQuery(req.query);
    if (!checked.ok) return sendControlError(res, checked.error);
    const query = checked.value;
    const page = journal.list({
      clientId: query.clientId, operation: query.operation, result: query.result, paymentId: query.paymentId,
      failed: query.failed === undefined ? undefined : query.failed === 'true',
    }, query.limit ?? 50, query.cursor);
    const answer: RequestList = {
      requests: page.records.map(summaryOf),
      nextCursor: page.nextCursor === undefined ? null : String(page.nextCursor),
      size: journal.size,
      capacity: journal.capacity,
    };
    res.set('cache-control', 'no-store').json(answer);
  });

  router.get('/requests/:id', (req, res) => {
    const seq = seqOfRequestId(req.params.id);
    const record = seq === undefined ? undefined : journal.get(seq);
    if (!record) return sendControlError(res, controlError('REQUEST_NOT_FOUND', { id: req.params.id, capacity: journal.capacity }, 'id'));
    res.set('cache-control', 'no-store').json(entryOf(record, journal.textsOf(record)));
  });

  return router;
}
