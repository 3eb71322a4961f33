/**
 * The commands of an aggregate's union as a client states them: each member without the fields the
 * application fills in (the actor of the request, facts read from other streams).
 */
export type InputOf<C, Filled extends PropertyKey> = C extends unknown ? Omit<C, Filled> : never;
