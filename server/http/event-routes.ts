// GET /_sandbox/events: the live event stream, as Server-Sent Events. `?types=request,payment` narrows
// it. A reader that falls behind by more than its buffer is disconnected (server/events/event-bus.ts);
// an EventSource reconnects by itself and should then re-read the lists it shows.
import type { Socket } from 'node:net';
import { Router } from 'express';
import { EVENT_TYPES, type EventType } from '../../schemas/control/dashboard.ts';
import type { EventBus } from '../events/event-bus.ts';
import { sendControlError } from './control-errors.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { queryCheck } from './control-validate.ts';

const checkQuery = queryCheck(CONTROL_SCHEMAS.EventStreamQuery);
const HEARTBEAT_MS = 15_000;

export function eventRoutes(bus: EventBus): Router {
  const router = Router();
  // The keep-alive timer runs only while someone reads, so an idle sandbox holds no timer.
  let heartbeat: NodeJS.Timeout | undefined;

  router.get('/events', (req, res) => {
    const query = checkQuery(req.query);
    if (!query.ok) return sendControlError(res, query.error);
    const types = new Set<EventType>(query.value.types ? (query.value.types.split(',') as EventType[]) : EVENT_TYPES);
    const socket = req.socket as Socket;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Both what the response holds and what its socket holds count against the reader's buffer.
    const unsubscribe = bus.subscribe({
      types,
      buffered: () => res.writableLength + socket.writableLength,
      write: (text) => { res.write(text); },
      drop: () => { socket.destroy(); },
    });
    heartbeat ??= setInterval(() => bus.heartbeat(), HEARTBEAT_MS).unref();
    res.write(`retry: 2000\n: connected; events: ${[...types].join(', ')}\n\n`);
    res.on('close', () => {
      unsubscribe();
      if (bus.readerCount === 0 && heartbeat) {
        clearInterval(heartbeat);
        heartbeat = undefined;
      }
    });
  });

  return router;
}
