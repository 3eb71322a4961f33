/**
 * The operations of an OpenAPI 3 document, as the fuzzer needs them: method, path template,
 * parameters, the JSON body schema (references resolved) and the statuses the operation documents.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `GET /agreements/{agreementId}`: the name failures are reported under. */
  id: string;
  method: string;
  path: string;
  parameters: Parameter[];
  /** The application/json body schema, or null when the operation takes no body. */
  body: JsonSchema | null;
  /** Documented response statuses ('200', '404' …; 'default' if any). */
  statuses: Set<string>;
  /** Media types of its success answers (text/html means the HTML checks apply). */
  produces: string[];
}

interface RawOperation {
  parameters?: { name: string; in: Parameter['in']; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Resolves `$ref`s and flattens `allOf` (as NestJS writes a nested DTO: allOf of one $ref). */
export function resolveSchema(
  document: OpenApiDocument,
  schema: JsonSchema,
  seen = new Set<string>(),
): JsonSchema {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (target === undefined || seen.has(name)) return { type: 'object' };
    const { $ref: _ref, ...rest } = schema;
    return { ...resolveSchema(document, target, new Set([...seen, name])), ...rest };
  }
  if (schema.allOf !== undefined && schema.allOf.length > 0) {
    const { allOf, ...rest } = schema;
    const merged = allOf
      .map((part) => resolveSchema(document, part, seen))
      .reduce<JsonSchema>(
        (acc, part) => ({
          ...acc,
          ...part,
          properties: { ...acc.properties, ...part.properties },
          required: [...(acc.required ?? []), ...(part.required ?? [])],
        }),
        {},
      );
    return { ...merged, ...rest };
  }
  return schema;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const raw = item[method];
      if (raw === undefined) continue;
      const json = raw.requestBody?.content?.['application/json']?.schema;
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: (raw.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: resolveSchema(document, p.schema ?? {}),
        })),
        body: json === undefined ? null : json,
        statuses: new Set(Object.keys(raw.responses ?? {})),
        produces: [
          ...new Set(
            Object.entries(raw.responses ?? {})
              .filter(([status]) => status.startsWith('2'))
              .flatMap(([, response]) => Object.keys(response.content ?? {})),
          ),
        ],
      });
    }
  }
  return operations;
}
