import { AbiTrap } from './errno.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The guest's linear memory as host calls see it, with the real host's checks: a NULL pointer or
 * a range past the end traps. Views are made afresh on every access, because the guest may grow
 * its memory between (or during) calls, which detaches older views of `memory.buffer`.
 */
export class GuestMemory {
  constructor(private readonly memory: WebAssembly.Memory) {}

  /** The bytes at `ptr[..len]`, a live view: copy them before calling into the guest again. */
  slice(ptr: number, len: number): Uint8Array {
    const offset = ptr >>> 0;
    const length = len >>> 0;
    if (offset === 0) throw new AbiTrap('null pointer passed to a spacetime function');
    const buffer = this.memory.buffer;
    if (offset + length > buffer.byteLength) {
      throw new AbiTrap('out of bounds pointer passed to a spacetime function');
    }
    return new Uint8Array(buffer, offset, length);
  }

  /** A copy of `ptr[..len]`. */
  read(ptr: number, len: number): Uint8Array {
    return this.slice(ptr, len).slice();
  }

  write(ptr: number, bytes: Uint8Array): void {
    this.slice(ptr, bytes.length).set(bytes);
  }

  /** UTF-8 at `ptr[..len]`; invalid UTF-8 traps (names of tables and indexes). */
  string(ptr: number, len: number): string {
    try {
      return strictUtf8.decode(this.slice(ptr, len));
    } catch (error) {
      if (error instanceof AbiTrap) throw error;
      throw new AbiTrap('invalid utf8 passed to a spacetime function');
    }
  }

  /** UTF-8 with invalid sequences replaced by U+FFFD (log lines, timer names). */
  lossyString(ptr: number, len: number): string {
    return lossyUtf8.decode(this.slice(ptr, len));
  }

  readU32(ptr: number): number {
    const bytes = this.slice(ptr, 4);
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  }

  writeU32(ptr: number, value: number): void {
    const bytes = this.slice(ptr, 4);
    new DataView(bytes.buffer, bytes.byteOffset, 4).setUint32(0, value, true);
  }

  writeU64(ptr: number, value: bigint): void {
    const bytes = this.slice(ptr, 8);
    new DataView(bytes.buffer, bytes.byteOffset, 8).setBigUint64(0, value, true);
  }
}

/** `value` (an unsigned integer below 2^(8 * size)) as `size` little-endian bytes. */
export function littleEndianBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let rest = value;
  for (let i = 0; i < size; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** The little-endian u64 limbs of an unsigned integer, as `__call_reducer__` takes identities and connection ids. */
export function u64Limbs(value: bigint, count: number): bigint[] {
  const limbs: bigint[] = [];
  for (let i = 0; i < count; i++) limbs.push((value >> BigInt(64 * i)) & 0xffff_ffff_ffff_ffffn);
  return limbs;
}
