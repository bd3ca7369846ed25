import { describe, expect, test } from 'vitest';
import { chunkText, entryText, isTextual } from '../../../src/volumes/search/index.js';

/** `n` sentences about one subject, each distinct, e.g. "Sentence 3 about refunds." */
function sentences(n: number, subject: string): string {
  return Array.from({ length: n }, (_, i) => `Sentence ${i} is about ${subject} and nothing else.`).join(' ');
}

describe('recursive', () => {
  test('a short text is one chunk, trimmed; blank text has none', () => {
    expect(chunkText('  Refunds take 14 days.\n', 'recursive')).toEqual(['Refunds take 14 days.']);
    expect(chunkText(' \n\t ', 'recursive')).toEqual([]);
    expect(chunkText('', 'recursive')).toEqual([]);
  });

  test('paragraphs that fit together stay together; the default size is ~800 tokens (3200 characters)', () => {
    const text = `${'a'.repeat(1000)}\n\n${'b'.repeat(1000)}\n\n${'c'.repeat(1000)}`;
    expect(chunkText(text, 'recursive')).toEqual([text]);
    const longer = `${text}\n\n${'d'.repeat(1000)}`;
    const chunks = chunkText(longer, 'recursive');
    expect(chunks.length).toBe(2);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(3200);
  });

  test('splits on paragraphs before lines, sentences and words, and never exceeds the size', () => {
    const paragraphs = [sentences(6, 'refunds'), sentences(6, 'shipping'), sentences(6, 'warranty')];
    // Each paragraph is ~300 characters; size 100 tokens = 400 characters: one paragraph a chunk.
    const chunks = chunkText(paragraphs.join('\n\n'), 'recursive', { size: 100, overlap: 0 });
    expect(chunks).toEqual(paragraphs);

    const long = sentences(40, 'invoices'); // one paragraph of ~1800 characters
    const bySentence = chunkText(long, 'recursive', { size: 100, overlap: 0 });
    expect(bySentence.length).toBeGreaterThan(4);
    for (const chunk of bySentence) {
      expect(chunk.length).toBeLessThanOrEqual(400);
      expect(chunk).toMatch(/^Sentence \d+ .*else\.$/); // cut between sentences, not inside one
    }
    expect(bySentence.join(' ')).toBe(long);
  });

  test('a word longer than the size is cut into windows', () => {
    const chunks = chunkText('x'.repeat(25), 'recursive', { size: 2, overlap: 0 });
    expect(chunks).toEqual(['xxxxxxxx', 'xxxxxxxx', 'xxxxxxxx', 'x']);
  });

  test('each chunk starts with the last pieces of the one before, up to the overlap', () => {
    const text = sentences(30, 'returns');
    const chunks = chunkText(text, 'recursive', { size: 100, overlap: 25 });
    expect(chunks.length).toBeGreaterThan(2);
    for (let i = 1; i < chunks.length; i++) {
      const firstSentence = (chunks[i] as string).match(/^Sentence \d+[^.]*\./)?.[0] as string;
      expect(chunks[i - 1]).toContain(firstSentence); // the sentence is repeated from the chunk before
    }
    const without = chunkText(text, 'recursive', { size: 100, overlap: 0 });
    expect(without.length).toBeLessThan(chunks.length);
  });
});

describe('fixed', () => {
  test('windows of exactly size tokens, advancing by size - overlap', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    expect(chunkText(text, 'fixed', { size: 2, overlap: 0 })).toEqual(['abcdefgh', 'ijklmnop', 'qrstuvwx', 'yz']);
    expect(chunkText(text, 'fixed', { size: 2, overlap: 1 })).toEqual([
      'abcdefgh',
      'efghijkl',
      'ijklmnop',
      'mnopqrst',
      'qrstuvwx',
      'uvwxyz',
    ]);
  });

  test('never splits a surrogate pair', () => {
    const text = '😀'.repeat(10); // 20 UTF-16 units
    const chunks = chunkText(text, 'fixed', { size: 0.75, overlap: 0 }); // 3 units
    for (const chunk of chunks) expect(chunk).toMatch(/^(😀)+$/u);
    expect(chunks.join('')).toBe(text);
  });
});

describe('semantic', () => {
  test('a change of topic starts a new chunk; sentences on one topic stay together', () => {
    const refunds =
      'Refunds are issued within 14 days. A refund goes back to the original payment method. Refunds for gift cards are not possible.';
    const berlin = 'Our Berlin office opens at nine. The Berlin office closes on public holidays.';
    const chunks = chunkText(`${refunds} ${berlin}`, 'semantic');
    expect(chunks).toEqual([refunds, berlin]);
  });

  test('the size still bounds a chunk', () => {
    const text = sentences(40, 'refunds');
    const chunks = chunkText(text, 'semantic', { size: 100 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(400);
    expect(chunks.join(' ')).toBe(text);
  });
});

describe('none', () => {
  test('the whole text is one chunk, however long', () => {
    const text = sentences(200, 'refunds');
    expect(chunkText(text, 'none')).toEqual([text]);
    expect(chunkText('   ', 'none')).toEqual([]);
  });
});

describe('entryText', () => {
  test('text entries: content_text', () => {
    expect(entryText({ entry_id: 'e', path: 'a', content_type: 'text', content_text: 'hello', tags: [] })).toBe(
      'hello',
    );
  });

  test('JSON entries: key: value lines, nested keys dotted, arrays of values on one line, nulls left out', () => {
    const content = {
      question: 'How do refunds work?',
      answer: { text: 'Within 14 days.', approved: true },
      tags: ['billing', 'faq'],
      steps: [{ name: 'ask' }, { name: 'wait' }],
      owner: null,
    };
    expect(entryText({ entry_id: 'e', path: 'a', content_type: 'json', content, tags: [] })).toBe(
      [
        'question: How do refunds work?',
        'answer.text: Within 14 days.',
        'answer.approved: true',
        'tags: billing, faq',
        'steps[0].name: ask',
        'steps[1].name: wait',
      ].join('\n'),
    );
  });

  test('file entries: extracted text, else the bytes when the type is textual, else nothing', () => {
    const bytes = new TextEncoder().encode('# Refund policy\nWithin 14 days.');
    const file = { entry_id: 'e', path: 'a.md', content_type: 'file', tags: [], bytes };
    expect(entryText({ ...file, mime_type: 'text/markdown; charset=utf-8' })).toBe('# Refund policy\nWithin 14 days.');
    expect(entryText({ ...file, mime_type: 'application/vnd.api+json' })).toBe('# Refund policy\nWithin 14 days.');
    expect(entryText({ ...file, mime_type: 'application/pdf' })).toBe('');
    expect(entryText({ ...file, mime_type: 'application/pdf', content_text: 'extracted' })).toBe('extracted');
    expect(isTextual(null)).toBe(false);
    expect(isTextual('image/png')).toBe(false);
  });
});
