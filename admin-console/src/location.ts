/** Where the console was opened: a tenant's back office (`/sanjeevani/` or `sanjeevani.dawa.app/`) or the operators'. */
export type ConsoleTarget = { kind: 'tenant'; slug: string; basePath: string } | { kind: 'operator'; basePath: string } | { kind: 'none' };

const SLUG = /^[a-z][a-z0-9-]{2,39}$/;
export const OPERATOR_SEGMENT = '_operator';

export function consoleTarget(location: Location = window.location): ConsoleTarget {
  const first = location.pathname.split('/').filter(Boolean)[0];
  if (first === OPERATOR_SEGMENT) return { kind: 'operator', basePath: `/${OPERATOR_SEGMENT}/` };
  if (first && SLUG.test(first)) return { kind: 'tenant', slug: first, basePath: `/${first}/` };
  // The chain's own subdomain (sanjeevani.localhost, sanjeevani.dawa.app): the API resolves it from the host too.
  const labels = location.hostname.split('.');
  const isLocal = labels[labels.length - 1] === 'localhost';
  if (labels.length >= (isLocal ? 2 : 3) && SLUG.test(labels[0])) return { kind: 'tenant', slug: labels[0], basePath: '/' };
  return { kind: 'none' };
}
