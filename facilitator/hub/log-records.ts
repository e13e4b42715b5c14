/**
 * The session log's line schemas live in the protocol module (src/protocol/session-log.ts): the venue
 * hub's outbox sends these lines to the programme server, which validates them with the same zod.
 */
export * from '../../src/protocol/session-log.js';
