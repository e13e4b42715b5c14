/**
 * Join-code guessing (issue 12, item 3). The join code (ABCD-1234: 24 letters⁴ × 10,000, about 3.3 × 10⁹ values) is shown
 * on the screen; from outside the room it can only be guessed. Per network address the guard counts
 * wrong codes in a sliding window; past the allowance the address is locked out for a while, and a
 * locked address is refused before its code is even compared, so the right code does not get in
 * either (a guesser learns nothing from a lucky guess during a lockout).
 *
 * A venue NAT can put a whole room behind one address, and people mistype. So the allowance grows
 * with every successful join from that address: a room of 70 behind one address gets 70 more wrong
 * codes' room, and only people who already know the code can raise it. The figures (how many
 * guesses an address gets per hour, what a room of typists meets) are in docs/security.md.
 */
export interface JoinGuardOptions {
  /** Wrong codes an address may send within `windowMs` before it is locked out. */
  wrongCodesAllowed: number;
  /** Extra wrong codes allowed per successful join from the same address (a room behind a NAT). */
  extraPerJoin: number;
  /** Cap on the extra allowance. */
  maxExtra: number;
  windowMs: number;
  lockoutMs: number;
}

export const DEFAULT_JOIN_GUARD: JoinGuardOptions = {
  wrongCodesAllowed: 20,
  extraPerJoin: 1,
  maxExtra: 200,
  windowMs: 10 * 60_000,
  lockoutMs: 15 * 60_000,
};

interface AddressState {
  wrong: number[];
  joins: number;
  lockedUntil: number;
  lastSeen: number;
}

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface WrongCodeOutcome {
  /** Wrong codes from this address in the window, this one included. */
  recent: number;
  /** True when this wrong code locked the address out. */
  lockedNow: boolean;
  /** True for the first wrong code from this address in the window (worth a line in the host's terminal). */
  first: boolean;
}

export interface GuardSummary {
  /** Wrong codes in the last window, all addresses together. */
  wrongCodes: number;
  addresses: number;
  lockedAddresses: number;
  windowMinutes: number;
}

export class JoinGuard {
  readonly options: JoinGuardOptions;
  readonly #clock: () => number;
  readonly #byAddress = new Map<string, AddressState>();
  /** Totals for docs and tests: attempts refused because the address was locked. */
  refusedWhileLocked = 0;

  constructor(options: Partial<JoinGuardOptions> = {}, clock: () => number = () => Date.now()) {
    this.options = { ...DEFAULT_JOIN_GUARD, ...options };
    this.#clock = clock;
  }

  /** Before the code is compared: is this address allowed to try at all? */
  check(address: string): Verdict {
    const now = this.#clock();
    const state = this.#byAddress.get(address);
    if (state && state.lockedUntil > now) {
      this.refusedWhileLocked += 1;
      return { allowed: false, retryAfterSeconds: Math.ceil((state.lockedUntil - now) / 1000) };
    }
    return { allowed: true };
  }

  wrongCode(address: string): WrongCodeOutcome {
    const now = this.#clock();
    this.#sweep(now);
    const state = this.#state(address, now);
    state.wrong = state.wrong.filter((at) => now - at < this.options.windowMs);
    state.wrong.push(now);
    const allowance = this.options.wrongCodesAllowed + Math.min(this.options.maxExtra, state.joins * this.options.extraPerJoin);
    const lockedNow = state.wrong.length > allowance;
    // The wrong codes stay counted: with the default lockout (longer than the window) they have left
    // the window when it ends, and the address starts afresh.
    if (lockedNow) state.lockedUntil = now + this.options.lockoutMs;
    // Keep the list bounded: only its length up to the allowance matters.
    if (state.wrong.length > allowance + 1) state.wrong.splice(0, state.wrong.length - allowance - 1);
    return { recent: state.wrong.length, lockedNow, first: state.wrong.length === 1 };
  }

  joined(address: string): void {
    this.#state(address, this.#clock()).joins += 1;
  }

  summary(): GuardSummary {
    const now = this.#clock();
    let wrongCodes = 0;
    let addresses = 0;
    let lockedAddresses = 0;
    for (const state of this.#byAddress.values()) {
      const recent = state.wrong.filter((at) => now - at < this.options.windowMs).length;
      const locked = state.lockedUntil > now;
      if (recent > 0 || locked) addresses += 1;
      if (locked) lockedAddresses += 1;
      wrongCodes += recent;
    }
    return { wrongCodes, addresses, lockedAddresses, windowMinutes: Math.round(this.options.windowMs / 60_000) };
  }

  #state(address: string, now: number): AddressState {
    let state = this.#byAddress.get(address);
    if (!state) {
      state = { wrong: [], joins: 0, lockedUntil: 0, lastSeen: now };
      this.#byAddress.set(address, state);
    }
    state.lastSeen = now;
    return state;
  }

  /** Forgets addresses with nothing recent and no lockout (keeps memory bounded under address scans). */
  #sweep(now: number): void {
    if (this.#byAddress.size < 1000) return;
    for (const [address, state] of this.#byAddress) {
      if (state.lockedUntil <= now && now - state.lastSeen > this.options.windowMs && state.joins === 0) this.#byAddress.delete(address);
    }
  }
}
