const cache = new Map<string, RegExp>();

/**
 * Whether an entry path matches a mount's `path_pattern`: `*` matches within one segment, `**`
 * across segments (`**` before a `/` also matches no directory at all, so `**` + `/x.json` covers a
 * root `x.json`), `?` one character other than `/`; everything else is literal.
 */
export function globMatches(pattern: string, path: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const char = pattern[i] as string;
      if (char === '*' && pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          source += '(?:.*/)?';
        } else source += '.*';
      } else if (char === '*') source += '[^/]*';
      else if (char === '?') source += '[^/]';
      else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    regex = new RegExp(`^${source}$`, 's');
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, regex);
  }
  return regex.test(path);
}
