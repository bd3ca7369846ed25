/**
 * Numbered host resources the guest refers to by a u32 handle (row iterators, bytes sources and
 * sinks, console timers). Handles start at 1 as the real host's do, so 0 never names a resource.
 */
export class HandleTable<T> {
  private readonly entries = new Map<number, T>();
  private next = 1;

  insert(value: T): number {
    const handle = this.next++;
    this.entries.set(handle, value);
    return handle;
  }

  get(handle: number): T | undefined {
    return this.entries.get(handle);
  }

  /** Removes and returns the resource; undefined when the handle names none. */
  take(handle: number): T | undefined {
    const value = this.entries.get(handle);
    this.entries.delete(handle);
    return value;
  }

  /** Drops every resource and restarts numbering at 1 (the real host does this after each call). */
  clear(): void {
    this.entries.clear();
    this.next = 1;
  }
}

/** What is left to read of a bytes source. */
export interface BytesSource {
  bytes: Uint8Array;
}

/**
 * The bytes sources of an instance. An empty source gets handle 0, which names no source (the
 * real host's `BytesSourceId::INVALID`), so a guest can skip reading it.
 */
export class BytesSources {
  private readonly table = new HandleTable<BytesSource>();

  create(bytes: Uint8Array): number {
    return bytes.length === 0 ? 0 : this.table.insert({ bytes });
  }

  get(handle: number): BytesSource | undefined {
    return this.table.get(handle);
  }

  free(handle: number): void {
    this.table.take(handle);
  }

  clear(): void {
    this.table.clear();
  }
}

/** The bytes sinks of an instance: what the guest wrote to each, in chunks. */
export class BytesSinks {
  private readonly table = new HandleTable<Uint8Array[]>();

  create(): number {
    return this.table.insert([]);
  }

  get(handle: number): Uint8Array[] | undefined {
    return this.table.get(handle);
  }

  /** Removes the sink and returns everything written to it (empty when the handle names none). */
  take(handle: number): Uint8Array {
    const chunks = this.table.take(handle) ?? [];
    const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  clear(): void {
    this.table.clear();
  }
}
