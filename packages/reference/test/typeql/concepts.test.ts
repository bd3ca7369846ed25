import { describe, expect, it } from 'vitest';
import { TestDatabase } from './helpers.js';

describe('concept JSON in rows', () => {
  const db = new TestDatabase();
  db.run(`define
    attribute name value string; attribute tag @abstract; attribute label-tag sub tag, value string;
    entity person owns name, owns label-tag, plays parentship:parent, plays parentship:child;
    relation parentship relates parent, relates child;`);
  db.run(
    'insert $a isa person, has name "Ann", has label-tag "x"; $b isa person, has name "Bob"; parentship (parent: $a, child: $b);',
  );

  it('entity, relation, attribute and value', () => {
    const [row] = db.rows(
      'match $r isa parentship, links (parent: $p); $p has name $n; let $v = 3 * 2; select $r, $p, $n, $v;',
    );
    expect(row).toEqual({
      r: {
        kind: 'relation',
        iid: expect.stringMatching(/^0x1f0000[0-9a-f]{16}$/),
        type: { kind: 'relationType', label: 'parentship' },
      },
      p: {
        kind: 'entity',
        iid: expect.stringMatching(/^0x1e0000[0-9a-f]{16}$/),
        type: { kind: 'entityType', label: 'person' },
      },
      n: {
        kind: 'attribute',
        iid: expect.stringMatching(/^0x20[0-9a-f]+$/),
        value: 'Ann',
        valueType: 'string',
        type: { kind: 'attributeType', label: 'name', valueType: 'string' },
      },
      v: { kind: 'value', value: 6, valueType: 'integer' },
    });
  });

  it('entity, relation, attribute (with and without a value type) and role types', () => {
    expect(db.rows('match $t label person;')).toEqual([{ t: { kind: 'entityType', label: 'person' } }]);
    expect(db.rows('match $t label parentship;')).toEqual([{ t: { kind: 'relationType', label: 'parentship' } }]);
    expect(db.rows('match $t label label-tag;')).toEqual([
      { t: { kind: 'attributeType', label: 'label-tag', valueType: 'string' } },
    ]);
    expect(db.rows('match $t label tag;')).toEqual([{ t: { kind: 'attributeType', label: 'tag', valueType: null } }]);
    expect(db.rows('match parentship relates $r; sort $r;')).toEqual([
      { r: { kind: 'roleType', label: 'parentship:child' } },
      { r: { kind: 'roleType', label: 'parentship:parent' } },
    ]);
  });

  it('gives each distinct attribute value one iid, shared by its owners', () => {
    db.run('match $p isa person, has name "Bob"; insert $p has label-tag "x";');
    const iids = db.rows('match $p isa person, has label-tag $t;').map((r) => (r.t as { iid: string }).iid);
    expect(iids).toHaveLength(2);
    expect(new Set(iids).size).toBe(1);
  });
});
