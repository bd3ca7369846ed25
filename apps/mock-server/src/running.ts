/** A mock server started by `dbwire mock`, whichever kind it is. */
export interface RunningMock {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  kind: 'prism' | 'stateful';
  /**
   * Settles when the server stops by itself (Prism exiting, for instance) with its exit code; it
   * never settles for a server that runs until `close()`.
   */
  exited: Promise<number>;
  /** Stops the server and waits until it is gone (and its port is free). */
  close(): Promise<void>;
}
