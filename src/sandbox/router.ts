// A minimal method + path-template router for the sandbox: '/rest/api/3/issue/{key}' style templates,
// matched segment by segment (no regular expressions over paths).

export type Query = Record<string, string | string[]>;

export interface RouteRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Query;
  body: unknown;
  /** The body's bytes, for multipart uploads that a UTF-8 string would mangle. */
  rawBody: Buffer;
  /** The authenticated account (a user id from the seed data). */
  userId: string;
}

export interface RouteResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: RouteRequest) => RouteResponse;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export class Router {
  readonly #routes: Route[] = [];

  on(method: string, template: string, handler: Handler): this {
    this.#routes.push({ method, segments: template.split('/').filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    const parts = path.split('/').filter(Boolean);
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((segment, index) => {
        const part = parts[index]!;
        if (segment.startsWith('{') && segment.endsWith('}')) {
          params[segment.slice(1, -1)] = decodeURIComponent(part);
          return true;
        }
        return segment === part;
      });
      if (ok) return { handler: route.handler, params };
    }
    return undefined;
  }
}

/** First value of a query parameter. */
export function one(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A non-negative integer query parameter, or the fallback. */
export function int(query: Query, name: string, fallback: number): number {
  const value = Number(one(query, name));
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** A comma-separated (or repeated) list parameter. */
export function many(query: Query, name: string): string[] {
  const value = query[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
}
