/**
 * RFC 9457 problem details. Every error a client sees has this shape; `errors` lists field-level problems so a
 * form can show each next to its input.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://dawa.health/problems/';

export class Problem extends Error {
  readonly details: ProblemDetails;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    type: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.details = { type: `${TYPE_BASE}${type}`, title, status, ...(detail ? { detail } : {}), ...extensions };
    this.headers = headers;
  }

  get status(): number {
    return this.details.status;
  }

  static badRequest(detail: string, errors?: FieldError[]): Problem {
    return new Problem(400, 'bad-request', 'Bad request', detail, errors ? { errors } : {});
  }

  static validation(errors: FieldError[]): Problem {
    return new Problem(400, 'validation-error', 'Your request has invalid fields', 'Correct the fields listed in errors and try again.', {
      errors,
    });
  }

  static unauthorized(detail = 'Sign in to continue.', type = 'unauthorized', extensions: Record<string, unknown> = {}): Problem {
    return new Problem(401, type, 'Not signed in', detail, extensions);
  }

  static forbidden(detail: string, type = 'forbidden'): Problem {
    return new Problem(403, type, 'Not allowed', detail);
  }

  static notFound(what: string): Problem {
    return new Problem(404, 'not-found', 'Not found', `${what} was not found.`);
  }

  static conflict(detail: string, type = 'conflict', extensions: Record<string, unknown> = {}): Problem {
    return new Problem(409, type, 'Conflict', detail, extensions);
  }

  static unprocessable(detail: string, type = 'unprocessable', extensions: Record<string, unknown> = {}): Problem {
    return new Problem(422, type, 'Cannot be done', detail, extensions);
  }

  static locked(detail: string, retryAfterSeconds: number): Problem {
    return new Problem(
      423,
      'account-locked',
      'Account temporarily locked',
      detail,
      { retryAfter: retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }

  static tooManyRequests(retryAfterSeconds: number): Problem {
    return new Problem(
      429,
      'rate-limited',
      'Too many requests',
      `Too many attempts. Try again in ${retryAfterSeconds} seconds.`,
      { retryAfter: retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
