/**
 * A decider (Emmett / Jérémie Chassaing): `decide` turns a command and the current state into new
 * events or throws a {@link DomainError}; `evolve` folds one event into the state; `initialState` is
 * the state of an empty stream. All three are pure.
 */
export interface Decider<Command, Event, State> {
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}

/** Folds events from the initial state. */
export function foldEvents<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
): State {
  return events.reduce<State>((state, event) => decider.evolve(state, event), decider.initialState());
}
