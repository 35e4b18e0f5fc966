import { z } from 'zod';
import { closestMatches } from '../model/closestMatch.js';
import { HttpProblem } from './httpErrors.js';

/** A route's query: a zod object of optional string-valued parameters (the one schema for validation and OpenAPI). */
export type QuerySchema = z.ZodObject<Record<string, z.ZodType<unknown, string | undefined>>>;

/** The query parameters of a request, validated. */
export type QueryValues = Readonly<Record<string, unknown>>;

/**
 * Validate a request's query against `route.query`: unknown parameters,
 * repeated parameters and values outside the schema are a 400 `BAD_REQUEST`
 * naming the parameter, with the allowed values (or the closest parameter
 * name) as suggestions.
 */
export function parseQuery(route: { readonly query: QuerySchema }, params: URLSearchParams): QueryValues {
  const known = Object.keys(route.query.shape);
  const raw: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of params) {
    if (!known.includes(key)) {
      const suggestions = closestMatches(key, known);
      throw HttpProblem.of(400, 'BAD_REQUEST', `unknown query parameter '${key.slice(0, 80)}'${known.length ? `; known: ${known.join(', ')}` : ''}`, { field: key, suggestions, hint: suggestions.length ? `did you mean '${suggestions[0]}'?` : 'see GET /api/v1/openapi.json' });
    }
    if (key in raw) throw HttpProblem.of(400, 'BAD_REQUEST', `query parameter '${key}' given more than once`, { field: key, hint: 'give each parameter once (lists are comma-separated)' });
    raw[key] = value;
  }
  const parsed = route.query.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const allowed = issue && 'values' in issue && Array.isArray(issue.values) ? issue.values.map(String) : [];
  const value = raw[field] ?? '';
  throw HttpProblem.of(400, 'BAD_REQUEST', `query parameter '${field}': ${JSON.stringify(value.slice(0, 80))} is not allowed${allowed.length ? `; use one of ${allowed.join(', ')}` : issue ? ` (${issue.message})` : ''}`, { field, suggestions: allowed.length ? closestMatches(value, allowed).concat(allowed).filter((v, i, a) => a.indexOf(v) === i) : [], hint: allowed.length ? `${field}=${allowed[0]}` : 'see GET /api/v1/openapi.json' });
}
