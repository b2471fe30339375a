// Vendor files as request bodies: kept as bytes (any content type), decoded
// as UTF-8 here, and an import's report as the answer (a refused file is a
// 422 IMPORT_REFUSED whose details are the per-row report).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '#server/http/errors';
import type { ImportReport } from '#shared/ebooks/wire';

export const MAX_FILE = 20 * 1024 * 1024;

export function textOf(body: unknown): string {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new ApiError(400, 'VALIDATION_FAILED', 'Send the file as the request body.');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ApiError(400, 'VALIDATION_FAILED', 'The file is not UTF-8 text (KBART and COUNTER files are UTF-8).');
  }
}

export function answer(reply: FastifyReply, report: ImportReport) {
  if (!report.ok) {
    const first = report.problems[0];
    throw new ApiError(422, 'IMPORT_REFUSED', `${report.problems.length} problem(s); nothing was imported. First: line ${first?.row ?? '?'}${first?.field ? ` (${first.field})` : ''}: ${first?.message ?? ''}`, { ...report });
  }
  return reply.send(report);
}

/** Every body in this scope is kept as bytes (the scope's own JSON parser is removed). */
export function acceptFiles(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_FILE }, (_req, body, done) => done(null, body));
}
