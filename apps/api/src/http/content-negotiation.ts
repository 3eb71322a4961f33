/**
 * The representation the client lists first in Accept among those a route offers; the fallback
 * when it lists none of them (or sends no Accept). Quality values are not weighed: clients of this
 * API name one type.
 */
export function preferredType<T extends string>(
  accept: string | undefined,
  offered: readonly T[],
  fallback: T,
): T {
  if (accept === undefined) return fallback;
  let best: { type: T; at: number } | null = null;
  for (const type of offered) {
    const at = accept.indexOf(type);
    if (at !== -1 && (best === null || at < best.at)) best = { type, at };
  }
  return best?.type ?? fallback;
}
