import { randomBytes } from '../shared/crypto.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-style id with the resource's prefix (`vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W`): 10 characters of
 * the millisecond clock, then 16 random ones. Ids made later sort later, so the storage keys that
 * end in an id list resources oldest first (volumes, mounts) without an index of their own.
 */
export function newId(prefix: 'vol' | 'ent' | 'mnt' | 'lck', nowMs: number): string {
  let time = '';
  let rest = Math.max(0, Math.floor(nowMs));
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[rest % 32] as string) + time;
    rest = Math.floor(rest / 32);
  }
  let random = '';
  for (const byte of randomBytes(16)) random += CROCKFORD[byte % 32];
  return `${prefix}_${time}${random}`;
}
