/**
 * One swappable server state: a reference on a fresh memory engine, made by `create`. `current()`
 * is what requests use; `reset()` replaces it with a new one. Requests already running keep the
 * state they started with, so a reset never tears a request in half.
 */
export class MockState<Reference extends { close(): void | Promise<void> }> {
  private state: Promise<Reference>;

  constructor(private readonly create: () => Promise<Reference>) {
    this.state = create();
  }

  current(): Promise<Reference> {
    return this.state;
  }

  async reset(): Promise<void> {
    const previous = this.state;
    this.state = this.create();
    await Promise.all([this.state, previous.then((reference) => reference.close(), noop)]);
  }
}

function noop(): void {}
