// Whether the earliest guest timer event may have come earlier. The scheduler keeps that event
// (the counter value its EL2 timer is armed for, vm/scheduler.ts nextGuestEvent) from exit to
// exit instead of asking every VM on each one; whatever can bring an event earlier says so
// here: a guest writing a system-timer compare or control register, a VM's devices reset (a
// restart), a vCPU that leaves its core waiting (its virtual timer then counts). Events that
// only move later need no word: the timer fires early once and the scheduler looks again.
// (A module of its own so that vdev/ can report without importing the scheduler.)

let changed: bool = true;

export function guestEventsChanged(): void {
  changed = true;
}

/** Whether something changed since the last call (and forgets it). */
export function takeGuestEventsChanged(): bool {
  const c = changed;
  changed = false;
  return c;
}
