/**
 * A recording form described by its inputs: each one a request field (`evidence.documentNumber`,
 * `commissioners.0.name`: the path in the body, as the API names it in errors[]) of one kind — a
 * date, a text, a choice; labels and hints already in the language shown. The browser checks each input as the forms of form-validation.ts do and
 * builds the body from the paths; `fixed` adds what the form does not ask (`step: 'appointment'`).
 */
import { Checker, type Checked, LIMITS } from './form-validation';

export type StepFieldSpec =
  | { kind: 'date'; name: string; label: string; required?: boolean; hint?: string }
  | {
      kind: 'text';
      name: string;
      label: string;
      required?: boolean;
      hint?: string;
      /** Longest input; a short text (100) unless said. */
      max?: number;
      multiline?: boolean;
    }
  | { kind: 'yen'; name: string; label: string; required?: boolean; hint?: string }
  | {
      kind: 'select';
      name: string;
      label: string;
      required?: boolean;
      hint?: string;
      options: readonly { value: string; label: string }[];
    };

export type StepValues = Record<string, string>;

/** Empty inputs, with the choice preselected where a select field has only one option. */
export function initialValues(fields: readonly StepFieldSpec[], preset: StepValues = {}): StepValues {
  const values: StepValues = {};
  for (const field of fields) {
    const only = field.kind === 'select' && field.options.length === 1 ? field.options[0]?.value : undefined;
    values[field.name] = preset[field.name] ?? only ?? '';
  }
  return values;
}

/** Sets `value` at a dotted path, making arrays where the next segment is a number. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const key: string | number = /^\d+$/.test(segment) ? Number(segment) : segment;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const next = segments[index + 1] ?? '';
    container[key] ??= /^\d+$/.test(next) ? [] : {};
    node = container[key] as Record<string, unknown> | unknown[];
  });
}

/** Checks every input and builds the request body (optional inputs left empty are left out). */
export function checkStepForm(
  fields: readonly StepFieldSpec[],
  values: StepValues,
  fixed: Record<string, unknown> = {},
): Checked<Record<string, unknown>> {
  const c = new Checker();
  const body: Record<string, unknown> = { ...fixed };
  for (const field of fields) {
    const value = values[field.name] ?? '';
    const required = field.required === true;
    if (!required && value.trim() === '') continue;
    if (field.kind === 'date') setPath(body, field.name, c.date(field.name, value));
    else if (field.kind === 'yen') setPath(body, field.name, c.yen(field.name, value));
    else if (field.kind === 'select')
      setPath(
        body,
        field.name,
        c.choice(
          field.name,
          value,
          field.options.map((o) => o.value),
        ),
      );
    else setPath(body, field.name, c.text(field.name, value, field.max ?? LIMITS.shortText));
  }
  return c.result(body);
}
