/**
 * Runs tasks with the same key one after the other (tasks with different keys run freely).
 * Used for sign-in attempts per account: the failure count is read and written by each
 * attempt, so parallel guesses must not all read "0 failures". This serializes within one
 * process, which is how the app runs; several instances would need a database lock.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests). */
  get size(): number {
    return this.tails.size;
  }
}
