/**
 * Group commit for the server's ingest (issue 13): requests that arrive while a transaction is being
 * committed wait and go together in the next one, so 300 laptops posting at once cost a handful of
 * commits instead of 300, as the hub's append log gathers its writes into one flush. Every request's
 * promise settles only once its transaction has committed (or failed: then all of that batch fail,
 * and nothing of it was stored).
 */
interface Waiting<I, O> {
  item: I;
  resolve: (outcome: O) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<I, O> {
  readonly #run: (items: I[]) => Promise<O[]>;
  readonly #weight: (item: I) => number;
  readonly #maxWeight: number;
  #queue: Array<Waiting<I, O>> = [];
  #running = false;

  /** `run` commits items together and answers one outcome per item; a batch holds at most `maxWeight` (by `weight`). */
  constructor(run: (items: I[]) => Promise<O[]>, options: { weight?: (item: I) => number; maxWeight?: number } = {}) {
    this.#run = run;
    this.#weight = options.weight ?? (() => 1);
    this.#maxWeight = options.maxWeight ?? 500;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        let weight = 0;
        let count = 0;
        while (count < this.#queue.length && (count === 0 || weight + this.#weight(this.#queue[count].item) <= this.#maxWeight)) {
          weight += this.#weight(this.#queue[count].item);
          count += 1;
        }
        const batch = this.#queue.splice(0, count);
        try {
          const outcomes = await this.#run(batch.map((w) => w.item));
          batch.forEach((w, i) => w.resolve(outcomes[i]));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
