/** Anything that can be closed once; `dispose` must be idempotent. */
export type Disposer = () => PromiseLike<void> | void;

/**
 * Owns resources and closes them in reverse order, on return and on throw (Node 20 has no AsyncDisposableStack).
 * A failing dispose is reported to `onError` and the rest still close, so the original error is never hidden.
 * @example await using scope = new CleanupStack(); const server = scope.adopt(await startServer());
 */
export class CleanupStack implements AsyncDisposable {
  readonly #disposers: Disposer[] = [];

  constructor(private readonly onError: (error: unknown) => void = (error) => process.emitWarning(`cleanup failed: ${String(error)}`)) {}

  adopt<T extends AsyncDisposable>(resource: T): T {
    this.#disposers.push(() => resource[Symbol.asyncDispose]());
    return resource;
  }

  defer(disposer: Disposer): void {
    this.#disposers.push(disposer);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    while (this.#disposers.length > 0) {
      const disposer = this.#disposers.pop()!;
      try {
        await disposer();
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
