import { HttpError, type fetchUtils } from 'react-admin';

type FetchJson = (url: string, options?: fetchUtils.Options) => ReturnType<typeof fetchUtils.fetchJson>;

interface FieldProblem {
  detail?: string;
  title?: string;
  errors?: { field: string; message: string }[];
}

/**
 * The API reports bad fields as problem+json `errors: [{ field, message }]`; react-admin's forms put a rejected
 * save's `body.errors` beside the inputs when it is an object keyed by field path (`barcodes.0`), with
 * `root.serverError` as the one notification. Only the shape changes: the API's own words reach the user.
 */
export function withFieldErrors(fetchJson: FetchJson): FetchJson {
  return async (url, options) => {
    try {
      return await fetchJson(url, options);
    } catch (error) {
      const problem = error instanceof HttpError ? (error.body as FieldProblem | undefined) : undefined;
      if (!(error instanceof HttpError) || !Array.isArray(problem?.errors) || !problem.errors.length) throw error;
      const byField: Record<string, unknown> = { root: { serverError: problem.detail ?? problem.title ?? error.message } };
      for (const { field, message } of problem.errors) byField[field] ??= message;
      throw new HttpError(error.message, error.status, { ...problem, errors: byField });
    }
  };
}
