// The contract's one door: commands (commands.ts), events (events.ts), a gateway's status (status.ts), what a host
// shows (snapshot.ts), results (results.ts), settings (settings.ts), field rules (fields.ts) and errors (errors.ts),
// re-exported so an importer names one module. Nothing is declared here.
export type { ProfileLayout } from '../ports/common/ports.ts';
export type { AuditFinding } from '../fleet/common/audit.ts';
export type { HistoryEntry, Outage, Uptime } from '../gateways/common/history.ts';
export * from './commands.ts';
export * from './drain.ts';
export * from './events.ts';
export * from './fields.ts';
export * from './results.ts';
export * from './settings.ts';
export * from './snapshot.ts';
export * from './status.ts';
export * from './updates.ts';
export { RUNNING_STATES, STATES, isRunningState, statesWhere, type StateTraits } from './states.ts';
export { LobsterpotError, type CommandReply, type ErrorCode } from './errors.ts';
export { parseAuthor, type AuthorFace, type CommandAuthor } from './author.ts';
export { checkWith, formatIssues, issueLines, parseWith, type IssuePart } from './issues.ts';
