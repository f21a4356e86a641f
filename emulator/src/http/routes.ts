/** A route in the spec's form (`/v1/accounts/{account}`), compiled to a regular expression. */
export interface Route<H> {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: H;
}

export function compile<H>(method: string, pattern: string, handler: H): Route<H> {
  const names: string[] = [];
  const source = pattern.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern, regex: new RegExp(`^${source}$`), names, handler };
}

/** The first route for the method whose pattern matches the path, with its path parameters. */
export function match<H>(routes: Route<H>[], method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.regex.exec(path);
    if (!m) continue;
    const pathParams: Record<string, string> = {};
    route.names.forEach((n, i) => (pathParams[n] = decodeURIComponent(m[i + 1])));
    return { route, pathParams };
  }
  return undefined;
}
