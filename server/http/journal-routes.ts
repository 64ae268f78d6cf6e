// /_sandbox/requests: the request journal, newest first, a page at a time; /_sandbox/requests/:id: one
// call with its bodies. Read-only.
import { Router } from 'express';
import { RequestListQuery, type RequestList } from '../../schemas/control/dashboard.ts';
import { SandboxError } from '../api/result-codes.ts';
import { entryOf, seqOfRequestId, summaryOf, type RequestJournal } from '../journal/request-journal.ts';
import { compileCheck } from './control-validate.ts';

const checkQuery = compileCheck<RequestListQuery>(RequestListQuery, 'query');
export const MAX_PAGE = 500;

export function journalRoutes(journal: RequestJournal): Router {
  const router = Router();

  router.get('/requests', (req, res) => {
    const query = checkQuery({ ...req.query });
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    if (limit < 1 || limit > MAX_PAGE) throw new SandboxError('PARAM_ILLEGAL', `query: limit must be from 1 to ${MAX_PAGE}`);
    const page = journal.list({
      clientId: query.clientId, operation: query.operation, result: query.result, paymentId: query.paymentId,
      failed: query.failed === undefined ? undefined : query.failed === 'true',
    }, limit, query.cursor === undefined ? undefined : Number(query.cursor));
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
    if (!record) throw new SandboxError('ORDER_NOT_EXIST', `no request ${req.params.id} in the journal (it keeps the last ${journal.capacity} calls)`);
    res.set('cache-control', 'no-store').json(entryOf(record));
  });

  return router;
}
