/**
 * Namespaces: create, load, HEAD, list (parent filter, pagination), properties and drop, with
 * multi-level names whose levels hold spaces, dots, slashes, percent signs and non-ASCII letters
 * (levels are percent-encoded and joined with %1F in paths).
 */
import { describe, expect, it } from 'vitest';
import { useIceberg } from '../../../src/iceberg/fixture.js';
import { describeReply, type IcebergClient } from '../../../src/iceberg/http.js';
import { describeNeeding } from '../../../src/needs.js';

const ice = useIceberg();

/** Every page of `listNamespaces` below `parent`, `pageSize` at a time. */
async function allPages(client: IcebergClient, parent: readonly string[], pageSize: number) {
  const pages: string[][][] = [];
  let token: string | null | undefined = '';
  for (let guard = 0; token !== null && token !== undefined; guard++) {
    expect(guard, 'pagination does not end').toBeLessThan(50);
    const { body }: { body: { namespaces?: string[][]; 'next-page-token'?: string | null } } = await client.ok(
      'listNamespaces',
      { query: { parent: parent.join('\u001f'), pageSize, pageToken: token } },
    );
    const page = body.namespaces ?? [];
    expect(page.length).toBeLessThanOrEqual(pageSize);
    pages.push(page);
    token = body['next-page-token'];
  }
  return pages;
}

describeNeeding({ capabilities: ['state-changes'] }, 'namespaces', () => {
  it('create answers the namespace and its properties; load and HEAD see it', async () => {
    const name = ice.namespaceName();
    const created = await ice.api.ok('createNamespace', {
      body: { namespace: [name], properties: { owner: 'conformance', 'retention.days': '7' } },
    });
    expect(created.body.namespace).toEqual([name]);
    expect(created.body.properties ?? {}).toMatchObject({ owner: 'conformance', 'retention.days': '7' });

    const loaded = await ice.api.ok('loadNamespaceMetadata', { namespace: [name] });
    expect(loaded.body).toEqual({ namespace: [name], properties: { owner: 'conformance', 'retention.days': '7' } });
    await ice.api.noContent('namespaceExists', { namespace: [name] });
  });

  it('a namespace created without properties loads with empty properties', async () => {
    const namespace = await ice.namespace();
    const { body } = await ice.api.ok('loadNamespaceMetadata', { namespace });
    expect(body).toEqual({ namespace, properties: {} });
  });

  it('a name already taken answers 409 AlreadyExistsException and keeps the first namespace as it was', async () => {
    const namespace = await ice.namespace({ properties: { first: 'yes' } });
    await ice.api.error(
      'createNamespace',
      { body: { namespace, properties: { second: 'yes' } } },
      409,
      'AlreadyExistsException',
    );
    const { body } = await ice.api.ok('loadNamespaceMetadata', { namespace });
    expect(body.properties).toEqual({ first: 'yes' });
  });

  it('a missing namespace: load and list answer 404 NoSuchNamespaceException, HEAD 404 without a body', async () => {
    const missing = [ice.namespaceName('missing')];
    await ice.api.error('loadNamespaceMetadata', { namespace: missing }, 404, 'NoSuchNamespaceException');
    await ice.api.error('listTables', { namespace: missing }, 404, 'NoSuchNamespaceException');
    const head = await ice.api.call('namespaceExists', { namespace: missing });
    expect(head.status, describeReply(head)).toBe(404);
    expect(head.text).toBe('');
  });

  it('a child of a missing parent answers 404 NoSuchNamespaceException', async () => {
    const missing = ice.namespaceName('missing');
    await ice.api.error(
      'createNamespace',
      { body: { namespace: [missing, 'child'] } },
      404,
      'NoSuchNamespaceException',
    );
    const head = await ice.api.call('namespaceExists', { namespace: [missing] });
    expect(head.status).toBe(404);
  });

  it('multi-level names: levels with spaces, dots, slashes, percent signs and unicode round-trip through %1F paths', async () => {
    const top = await ice.namespace();
    const levels = ['with space', 'dot.ted', 'sl/ash', '100%', 'ünïcödé €', 'a+b&c=d?e#f'];
    let parent = top;
    for (const level of levels) {
      const child = [...parent, level];
      const { body } = await ice.api.ok('createNamespace', { body: { namespace: child } });
      expect(body.namespace).toEqual(child);
      parent = child;
    }
    // The deepest one, addressed by its full path.
    const loaded = await ice.api.ok('loadNamespaceMetadata', { namespace: parent });
    expect(loaded.body.namespace).toEqual(parent);
    await ice.api.noContent('namespaceExists', { namespace: parent });
    // Each level lists exactly its one child.
    let above = top;
    for (const level of levels) {
      const { body } = await ice.api.ok('listNamespaces', { query: { parent: above.join('\u001f') } });
      expect(body.namespaces).toEqual([[...above, level]]);
      above = [...above, level];
    }
    // A prefix of a level is not the level: `with` is not `with space`.
    const head = await ice.api.call('namespaceExists', { namespace: [...top, 'with'] });
    expect(head.status).toBe(404);
    // A table in the deepest namespace.
    const table = await ice.table(parent, { name: 'tbl with space' });
    await ice.api.noContent('tableExists', { namespace: parent, table: table.name });
  });

  it('list without parent shows top-level namespaces only; with parent, only its direct children', async () => {
    const top = await ice.namespace();
    const child = await ice.namespace({ below: top, level: 'b-child' });
    await ice.namespace({ below: child, level: 'grandchild' });
    const sibling = await ice.namespace({ below: top, level: 'a-child' });

    const roots = await ice.api.ok('listNamespaces');
    const names = roots.body.namespaces ?? [];
    expect(names).toContainEqual(top);
    expect(names.every((namespace) => namespace.length === 1)).toBe(true);

    const below = await ice.api.ok('listNamespaces', { query: { parent: top.join('\u001f') } });
    // Listed by name, in ascending code-point order.
    expect(below.body.namespaces).toEqual([sibling, child]);
    expect(below.body['next-page-token'] ?? null).toBeNull();
  });

  it('list under a missing parent answers 404 NoSuchNamespaceException', async () => {
    const missing = ice.namespaceName('missing');
    await ice.api.error('listNamespaces', { query: { parent: missing } }, 404, 'NoSuchNamespaceException');
  });

  it('pagination: pageSize and pageToken walk every child once, in order', async () => {
    const top = await ice.namespace();
    const levels = ['e', 'a', 'd', 'b', 'c'];
    for (const level of levels) await ice.namespace({ below: top, level });
    const expected = [...levels].sort().map((level) => [...top, level]);

    const pages = await allPages(ice.api, top, 2);
    expect(pages.flat()).toEqual(expected);
    expect(pages.length).toBeGreaterThanOrEqual(3);

    // Without pageToken: everything at once, and no next page.
    const whole = await ice.api.ok('listNamespaces', { query: { parent: top.join('\u001f'), pageSize: 2 } });
    expect(whole.body.namespaces).toEqual(expected);
    expect(whole.body['next-page-token'] ?? null).toBeNull();
  });

  describe('properties', () => {
    it('sets and removes keys, reporting updated, removed and missing', async () => {
      const namespace = await ice.namespace({ properties: { keep: '1', change: 'old', drop: 'x' } });
      const { body } = await ice.api.ok('updateProperties', {
        namespace,
        body: { removals: ['drop', 'never-set'], updates: { change: 'new', add: 'yes' } },
      });
      expect([...body.updated].sort()).toEqual(['add', 'change']);
      expect(body.removed).toEqual(['drop']);
      expect(body.missing).toEqual(['never-set']);
      const loaded = await ice.api.ok('loadNamespaceMetadata', { namespace });
      expect(loaded.body.properties).toEqual({ keep: '1', change: 'new', add: 'yes' });
    });

    it('an empty request changes nothing', async () => {
      const namespace = await ice.namespace({ properties: { keep: '1' } });
      const { body } = await ice.api.ok('updateProperties', { namespace, body: {} });
      expect(body.updated).toEqual([]);
      expect(body.removed).toEqual([]);
      expect(body.missing ?? []).toEqual([]);
      expect((await ice.api.ok('loadNamespaceMetadata', { namespace })).body.properties).toEqual({ keep: '1' });
    });

    it('a key both removed and set answers 422 UnprocessableEntityException and changes nothing', async () => {
      const namespace = await ice.namespace({ properties: { owner: 'a' } });
      await ice.api.error(
        'updateProperties',
        { namespace, body: { removals: ['owner'], updates: { owner: 'b', other: 'c' } } },
        422,
        'UnprocessableEntityException',
      );
      expect((await ice.api.ok('loadNamespaceMetadata', { namespace })).body.properties).toEqual({ owner: 'a' });
    });

    it('a missing namespace answers 404 NoSuchNamespaceException', async () => {
      await ice.api.error(
        'updateProperties',
        { namespace: [ice.namespaceName('missing')], body: { updates: { a: 'b' } } },
        404,
        'NoSuchNamespaceException',
      );
    });
  });

  describe('drop', () => {
    it('drops an empty namespace: 204, then load and HEAD answer 404', async () => {
      const namespace = await ice.namespace();
      await ice.api.noContent('dropNamespace', { namespace });
      await ice.api.error('loadNamespaceMetadata', { namespace }, 404, 'NoSuchNamespaceException');
      expect((await ice.api.call('namespaceExists', { namespace })).status).toBe(404);
      // The name is free again.
      await ice.api.ok('createNamespace', { body: { namespace } });
    });

    it('a missing namespace answers 404 NoSuchNamespaceException', async () => {
      await ice.api.error(
        'dropNamespace',
        { namespace: [ice.namespaceName('missing')] },
        404,
        'NoSuchNamespaceException',
      );
    });

    it('a namespace holding a namespace answers 409 NamespaceNotEmptyException and stays', async () => {
      const namespace = await ice.namespace();
      await ice.namespace({ below: namespace });
      await ice.api.error('dropNamespace', { namespace }, 409, 'NamespaceNotEmptyException');
      await ice.api.noContent('namespaceExists', { namespace });
    });

    it('a namespace holding a table answers 409 NamespaceNotEmptyException and stays', async () => {
      const namespace = await ice.namespace();
      const table = await ice.table(namespace);
      await ice.api.error('dropNamespace', { namespace }, 409, 'NamespaceNotEmptyException');
      await ice.api.noContent('tableExists', { namespace, table: table.name });
    });
  });
});
