import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DriverException, ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem, type ProblemDetails } from './problem.js';

const STATUS_TITLES: Record<number, [string, string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Not signed in'],
  403: ['forbidden', 'Not allowed'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Request too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  429: ['rate-limited', 'Too many requests'],
};

/** Any error → RFC 9457 problem details. Unexpected errors are logged in full and shown to the client as a plain 500. */
export function toProblem(
  error: unknown,
  log: { error: (obj: object, msg: string) => void },
): { details: ProblemDetails; headers: Record<string, string> } {
  if (error instanceof Problem) return { details: error.details, headers: error.headers };
  if (error instanceof UniqueConstraintViolationException) {
    return { details: Problem.conflict('A record with the same unique value already exists.').details, headers: {} };
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return {
      details: Problem.conflict('This record is referenced by, or refers to, a record that does not allow the change.').details,
      headers: {},
    };
  }
  const status = error instanceof HttpException ? error.getStatus() : (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [type, title] = STATUS_TITLES[status] ?? ['client-error', 'Request refused'];
    const detail = clientMessage(error, status);
    return { details: new Problem(status, type, title, detail).details, headers: {} };
  }
  log.error(
    { err: error instanceof DriverException ? { name: error.name, code: error.code, message: error.message } : error },
    'Unhandled error',
  );
  return {
    details: new Problem(
      500,
      'internal-error',
      'Something went wrong',
      'The server could not complete this request. It has been logged; try again.',
    ).details,
    headers: {},
  };
}

function clientMessage(error: unknown, status: number): string {
  const code = (error as { code?: string })?.code;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) return 'The request body is not valid JSON.';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'The request body is too large.';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return 'This content type is not accepted here. Send the body as application/json (catalogue imports: text/csv or text/tab-separated-values).';
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The request body is empty; send a JSON object.';
  if (status === 404) return 'There is no such endpoint.';
  if (error instanceof HttpException) {
    const response = error.getResponse();
    if (typeof response === 'string') return response;
  }
  return (error as Error)?.message ?? 'The request was refused.';
}

export function sendProblem(reply: FastifyReply, details: ProblemDetails, headers: Record<string, string>): void {
  reply
    .status(details.status)
    .headers(headers)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(details));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { details, headers } = toProblem(error, request?.log ?? { error: (obj, msg) => this.logger.error(msg, obj) });
    sendProblem(reply, details, headers);
  }
}
