import { expect, it } from 'vitest';
import { runScopedName } from '../../../src/target.js';
import { CREATES_USERS, describeNeeding } from '../../../src/typedb/capabilities.js';
import { type Session, useTypeDB } from '../../../src/typedb/fixture.js';
import { expectEmptyOk, expectError, expectJsonOk, typedbApi } from '../../../src/typedb/http.js';

const typedb = useTypeDB();

const path = (username: string) => ({ params: { path: { username } } });

async function expectUserExists(username: string): Promise<void> {
  expect(expectJsonOk(await typedb.admin.api.GET('/v1/users/{username}', path(username)))).toEqual({ username });
}

async function expectUserMissing(username: string): Promise<void> {
  expectError(await typedb.admin.api.GET('/v1/users/{username}', path(username)), 404, 'SRV4');
}

const signin = (user: { username: string; password: string }) =>
  typedbApi().POST('/v1/signin', { body: { username: user.username, password: user.password } });

describeNeeding(CREATES_USERS, 'list', () => {
  it('answers 200 {users} to admin, including admin and new users', async () => {
    const user = await typedb.user('listed');
    const body = expectJsonOk(await typedb.admin.api.GET('/v1/users'));
    for (const entry of body.users) expect(entry).toEqual({ username: expect.any(String) });
    const names = body.users.map((entry) => entry.username);
    expect(names).toContain(typedb.admin.username);
    expect(names).toContain(user.username);
  });

  it('answers 403 SRV2 to a non-admin user', async () => {
    const user = await typedb.user('lister');
    expectError(await user.api.GET('/v1/users'), 403, 'SRV2');
  });
});

describeNeeding(CREATES_USERS, 'get', () => {
  it('lets admin read any user', async () => {
    const user = await typedb.user('readable');
    await expectUserExists(user.username);
  });

  it('lets a user read themself', async () => {
    const user = await typedb.user('self');
    expect(expectJsonOk(await user.api.GET('/v1/users/{username}', path(user.username)))).toEqual({
      username: user.username,
    });
  });

  it('answers 403 SRV2 when a non-admin user reads another user (admin included)', async () => {
    const user = await typedb.user('nosy');
    const other = await typedb.user('other');
    expectError(await user.api.GET('/v1/users/{username}', path(other.username)), 403, 'SRV2');
    expectError(await user.api.GET('/v1/users/{username}', path(typedb.admin.username)), 403, 'SRV2');
  });

  it('answers 404 SRV4 for a missing user', async () => {
    await expectUserMissing(runScopedName('nobody'));
  });

  // TypeDB validates the name after the permission check: 400 USG1 (research §3, errors §2 Users).
  it('answers 400 USG1 to admin for an invalid user name', async () => {
    expectError(await typedb.admin.api.GET('/v1/users/{username}', path('bad.name')), 400, 'USG1');
  });

  it('checks permission before the name: 403 SRV2 to a non-admin user for an invalid name', async () => {
    const user = await typedb.user('badname');
    expectError(await user.api.GET('/v1/users/{username}', path('bad.name')), 403, 'SRV2');
  });
});

describeNeeding(CREATES_USERS, 'create', () => {
  it('lets admin create a user (200, empty body), who can then sign in', async () => {
    const username = runScopedName('created');
    const password = runScopedName('pw');
    typedb.trackUser(username);
    expectEmptyOk(await typedb.admin.api.POST('/v1/users/{username}', { ...path(username), body: { password } }));
    await expectUserExists(username);
    expectJsonOk(await signin({ username, password }));
  });

  it('answers 400 USC2 for an existing user and keeps its password', async () => {
    const user = await typedb.user('exists');
    expectError(
      await typedb.admin.api.POST('/v1/users/{username}', { ...path(user.username), body: { password: 'other' } }),
      400,
      'USC2',
    );
    expectJsonOk(await signin(user));
  });

  it('accepts an empty password (TypeDB does not check passwords)', async () => {
    const username = runScopedName('emptypw');
    typedb.trackUser(username);
    expectEmptyOk(await typedb.admin.api.POST('/v1/users/{username}', { ...path(username), body: { password: '' } }));
    expectJsonOk(await signin({ username, password: '' }));
  });

  it('answers 400 USC1 for an invalid user name', async () => {
    const username = `bad.name${runScopedName('x').replaceAll('-', '_')}`;
    typedb.trackUser(username);
    expectError(
      await typedb.admin.api.POST('/v1/users/{username}', { ...path(username), body: { password: 'pw' } }),
      400,
      'USC1',
    );
  });

  it('answers 403 SRV2 to a non-admin user and creates nothing', async () => {
    const user = await typedb.user('creator');
    const username = runScopedName('notcreated');
    typedb.trackUser(username);
    expectError(
      await user.api.POST('/v1/users/{username}', { ...path(username), body: { password: 'pw' } }),
      403,
      'SRV2',
    );
    await expectUserMissing(username);
  });
});

describeNeeding(CREATES_USERS, 'update', () => {
  async function changeOwnPassword(user: Session): Promise<string> {
    const password = runScopedName('newpw');
    expectEmptyOk(await user.api.PUT('/v1/users/{username}', { ...path(user.username), body: { password } }));
    return password;
  }

  it('lets a user change their own password: the new one signs in, the old one fails (401 AUT1)', async () => {
    const user = await typedb.user('changer');
    const password = await changeOwnPassword(user);
    expectJsonOk(await signin({ username: user.username, password }));
    expectError(await signin(user), 401, 'AUT1');
  });

  it("lets admin change another user's password", async () => {
    const user = await typedb.user('reset');
    const password = runScopedName('newpw');
    expectEmptyOk(await typedb.admin.api.PUT('/v1/users/{username}', { ...path(user.username), body: { password } }));
    expectJsonOk(await signin({ username: user.username, password }));
    expectError(await signin(user), 401, 'AUT1');
  });

  it("answers 403 SRV2 when a non-admin user changes someone else's password, which stays", async () => {
    const user = await typedb.user('meddler');
    const other = await typedb.user('victim');
    expectError(
      await user.api.PUT('/v1/users/{username}', { ...path(other.username), body: { password: 'hijacked' } }),
      403,
      'SRV2',
    );
    expectJsonOk(await signin(other));
  });

  it('answers 400 USU2 to admin for an invalid user name', async () => {
    expectError(
      await typedb.admin.api.PUT('/v1/users/{username}', { ...path('bad.name'), body: { password: 'pw' } }),
      400,
      'USU2',
    );
  });

  it('answers 404 USU4 for a missing user', async () => {
    const username = runScopedName('nobody');
    typedb.trackUser(username);
    expectError(
      await typedb.admin.api.PUT('/v1/users/{username}', { ...path(username), body: { password: 'pw' } }),
      404,
      'USU4',
    );
    await expectUserMissing(username);
  });
});

describeNeeding(CREATES_USERS, 'delete', () => {
  it('lets admin delete a user (200, empty body); the user is gone', async () => {
    const user = await typedb.user('doomed');
    expectEmptyOk(await typedb.admin.api.DELETE('/v1/users/{username}', path(user.username)));
    await expectUserMissing(user.username);
    expectError(await signin(user), 401, 'AUT1');
  });

  it('lets a user delete themself', async () => {
    const user = await typedb.user('quitter');
    expectEmptyOk(await user.api.DELETE('/v1/users/{username}', path(user.username)));
    await expectUserMissing(user.username);
    expectError(await signin(user), 401, 'AUT1');
  });

  it('answers 403 SRV2 when a non-admin user deletes another user, who stays', async () => {
    const user = await typedb.user('deleter');
    const other = await typedb.user('survivor');
    expectError(await user.api.DELETE('/v1/users/{username}', path(other.username)), 403, 'SRV2');
    await expectUserExists(other.username);
  });

  it('answers 400 USD1 when admin deletes admin', async () => {
    expectError(await typedb.admin.api.DELETE('/v1/users/{username}', path(typedb.admin.username)), 400, 'USD1');
    await expectUserExists(typedb.admin.username);
  });

  it('answers 400 USD2 to admin for an invalid user name', async () => {
    expectError(await typedb.admin.api.DELETE('/v1/users/{username}', path('bad.name')), 400, 'USD2');
  });

  it('answers 404 USD3 for a missing user', async () => {
    expectError(await typedb.admin.api.DELETE('/v1/users/{username}', path(runScopedName('nobody'))), 404, 'USD3');
  });
});
