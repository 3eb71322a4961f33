/**
 * The acting party a command carries (DESIGN.md §8). The application layer fills it from the bearer
 * token; the domain uses it for the rules "who may record what" and nothing else (the actor goes
 * into the event's metadata, not into its data).
 */
export const ACTOR_ROLES = ['reader', 'clerk', 'secretariat', 'admin'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export interface Actor {
  id: string;
  role: ActorRole;
  /** 全国地方公共団体コード of a clerk's municipality (clerks are scoped to one municipality). */
  municipalityCode?: string;
}

/** Secretariat (the core city's office) and admin may record every step. */
export function isPrivilegedActor(actor: Actor): boolean {
  return actor.role === 'secretariat' || actor.role === 'admin';
}
