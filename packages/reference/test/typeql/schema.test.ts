import { describe, expect, it } from 'vitest';
import { engine, OPTIONS, TestDatabase, typeqlError } from './helpers.js';

const schemaOf = (...queries: string[]) => {
  const db = new TestDatabase();
  for (const q of queries) db.run(q);
  return engine.formatSchema(db.snapshot, false);
};

describe('schema text', () => {
  it('is exactly "define" for an empty database', () => {
    expect(engine.formatSchema(engine.emptyDatabase(), false)).toBe('define');
    expect(engine.formatSchema(engine.emptyDatabase(), true)).toBe('define');
  });

  it('matches the research note example', () => {
    expect(schemaOf('define entity person owns name @key; attribute name value string;')).toBe(
      'define\n\nattribute name,\n value string;\nentity person,\n  owns name @key;',
    );
  });

  it('prints the §3.1 define: annotations, sub, sorted capabilities, value annotations', () => {
    const text = schemaOf(`define
      attribute name, value string;
      attribute email value string @regex("^.+@.+$");
      entity person @abstract, owns name @card(1), plays friendship:friend;
      entity user sub person, owns email @key, owns age @card(0..1);
      relation friendship, relates friend @card(2);
      attribute age value integer @range(0..150);`);
    expect(text).toBe(
      [
        'define',
        '',
        'attribute name,',
        ' value string;',
        'attribute email,',
        ' value string @regex("^.+@.+$");',
        'attribute age,',
        ' value integer @range(0..150);',
        'entity person @abstract,',
        '  owns name @card(1..1),',
        '  plays friendship:friend;',
        'entity user,',
        '  sub person,',
        '  owns age @card(0..1),',
        '  owns email @key;',
        'relation friendship,',
        '  relates friend @card(2..2);',
      ].join('\n'),
    );
  });

  it('orders each kind by creation and prints relates/owns/plays sorted by label', () => {
    const text = schemaOf(`define
      relation employment, relates employer, relates employee, owns start, plays audit:subject;
      relation audit, relates subject;
      attribute start value datetime;
      entity company @abstract, plays employment:employer;
      attribute tag @abstract;
      attribute label-tag sub tag, value string;`);
    expect(text).toBe(
      [
        'define',
        '',
        'attribute start,',
        ' value datetime;',
        'attribute tag @abstract;',
        'attribute label-tag,',
        '  sub tag,',
        ' value string;',
        'entity company @abstract,',
        '  plays employment:employer;',
        'relation employment,',
        '  relates employee,',
        '  relates employer,',
        '  owns start,',
        '  plays audit:subject;',
        'relation audit,',
        '  relates subject;',
      ].join('\n'),
    );
  });
});

describe('define', () => {
  it('is idempotent and additive', () => {
    const once = schemaOf('define entity person, owns name; attribute name, value string;');
    const twice = schemaOf(
      'define entity person, owns name; attribute name, value string;',
      'define entity person, owns name; attribute name, value string;',
    );
    expect(twice).toBe(once);
    expect(schemaOf('define entity person;', 'define attribute name value string; person owns name;')).toBe(once);
  });

  it('answers ok with queryType schema', () => {
    const tx = engine.begin(engine.emptyDatabase());
    expect(tx.execute(engine.parse('define entity person;'), OPTIONS)).toEqual({
      queryType: 'schema',
      answerType: 'ok',
      answers: null,
      truncated: false,
    });
  });

  it('rejects a label reused with another kind (SVL2)', () => {
    const db = new TestDatabase();
    db.run('define attribute name value string;');
    const error = typeqlError(() => db.run('define entity name;'));
    expect(error.levels.map(([c]) => c)).toEqual(['SVL2', 'COW4', 'DEX5', 'QEX2']);
    expect(error.phase).toBe('execute');
  });

  it('rejects a different value type (DEX14) and supertype (DEX13)', () => {
    const db = new TestDatabase();
    db.run('define attribute name value string; entity a; entity b; entity c sub a;');
    expect(typeqlError(() => db.run('define attribute name value integer;')).code).toBe('DEX14');
    expect(typeqlError(() => db.run('define entity c sub b;')).code).toBe('DEX13');
  });

  it('rejects unknown labels (SYR1), cycles (SVL8), illegal capabilities (DEX11) and annotations (ANN1)', () => {
    const db = new TestDatabase();
    db.run('define entity a; entity b sub a; attribute n value string;');
    expect(typeqlError(() => db.run('define entity x owns missing;')).levels.map(([c]) => c)).toEqual([
      'SYR8',
      'DEX3',
      'QEX2',
    ]);
    expect(typeqlError(() => db.run('define entity x sub missing;')).code).toBe('SYR1');
    expect(typeqlError(() => db.run('define missing owns n;')).code).toBe('SYR1');
    expect(typeqlError(() => db.run('define a sub b;')).code).toBe('SVL8');
    expect(typeqlError(() => db.run('define entity a relates r;')).code).toBe('DEX11');
    expect(typeqlError(() => db.run('define entity a @independent;')).code).toBe('ANN1');
    expect(typeqlError(() => db.run('define entity a plays nothing:here;')).code).toBe('SYR9');
  });

  it('rejects a conflicting capability annotation (DEX16)', () => {
    const db = new TestDatabase();
    db.run('define attribute n value string; entity a owns n @card(0..2);');
    expect(typeqlError(() => db.run('define a owns n @card(0..3);')).code).toBe('DEX16');
    db.run('define a owns n @card(0..2);');
  });

  it('validates the schema at commit (SVL22, SVL41)', () => {
    const db = new TestDatabase();
    expect(typeqlError(() => db.run('define attribute n;')).levels.map(([c]) => c)).toEqual(['SVL22', 'COW4']);
    expect(typeqlError(() => db.run('define relation r;')).code).toBe('SVL41');
    expect(typeqlError(() => db.run('define relation r;')).phase).toBe('commit');
  });

  it('redefines annotations and value types', () => {
    const db = new TestDatabase();
    db.run('define attribute n value string; entity a owns n @card(0..2);');
    db.run('redefine a owns n @card(1..5);');
    db.run('redefine attribute n value integer;');
    expect(engine.formatSchema(db.snapshot, true)).toBe(
      'define\n\nattribute n,\n value integer;\nentity a,\n  owns n @card(1..5);',
    );
  });
});

describe('undefine', () => {
  const base =
    'define attribute name value string; entity person owns name, plays friendship:friend; entity robot; relation friendship relates friend @card(0..);';

  it('removes types, capabilities and annotations', () => {
    const db = new TestDatabase();
    db.run(base);
    db.run('undefine robot;');
    db.run('undefine plays friendship:friend from person;');
    db.run('undefine friendship;');
    db.run('define person owns name @key;');
    db.run('undefine @key from person owns name;');
    db.run('undefine owns name from person;');
    expect(engine.formatSchema(db.snapshot, false)).toBe('define\n\nattribute name,\n value string;\nentity person;');
  });

  it('refuses to remove a type with instances (SVL46) or subtypes (SVL10)', () => {
    const db = new TestDatabase();
    db.run(base, 'define entity student sub person;');
    db.run('insert $p isa person, has name "Ann";');
    expect(typeqlError(() => db.run('undefine person;')).code).toBe('SVL10');
    db.run('undefine student;');
    const error = typeqlError(() => db.run('undefine person;'));
    expect(error.levels.map(([c]) => c)).toEqual(['SVL46', 'COW4', 'UEX7', 'QEX4']);
    expect(typeqlError(() => db.run('undefine owns name from person;')).code).toBe('SVL51');
  });

  it('reports what is not defined', () => {
    const db = new TestDatabase();
    db.run(base);
    expect(typeqlError(() => db.run('undefine nothing;')).code).toBe('SYR1');
    expect(typeqlError(() => db.run('undefine owns name from robot;')).code).toBe('UEX20');
    expect(typeqlError(() => db.run('undefine @key from person owns name;')).code).toBe('UEX32');
    expect(typeqlError(() => db.run('undefine @key from robot owns name;')).code).toBe('SYR11');
    expect(typeqlError(() => db.run('undefine owns nothing from robot;')).code).toBe('SYR8');
    expect(typeqlError(() => db.run('undefine plays friendship:enemy from person;')).code).toBe('SYR9');
    expect(typeqlError(() => db.run('undefine @abstract from person;')).code).toBe('UEX31');
  });
});
