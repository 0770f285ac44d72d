import { describe, expect, it } from 'vitest';
import { ApiError, InputError } from '../../src/core/errors.js';
import {
  attachPolicy,
  detachPolicy,
  holderOf,
  safeDelete,
  summary,
  withPolicyType,
  type Dependent,
} from '../../src/ram/attachments.js';
import { policyDependents } from '../../src/ram/policies.js';
import { fakeRam } from './users-fake-ram.js';
import { hintOf } from '../helpers/hint.js';

const notExist = (code: string) => new ApiError(code, 'does not exist', 404, 'req-1');

describe('a policy named without its type', () => {
  it('is tried as Custom first, and answers that type when it exists', async () => {
    const tried: string[] = [];
    const { type, result } = await withPolicyType('ops', undefined, async (t) => (tried.push(t), `${t} answer`));
    expect([type, result, tried]).toEqual(['Custom', 'Custom answer', ['Custom']]);
  });

  it('is tried as System when no custom policy has that name', async () => {
    const tried: string[] = [];
    const { type } = await withPolicyType('AdministratorAccess', undefined, async (t) => {
      tried.push(t);
      if (t === 'Custom') throw notExist('EntityNotExist.Policy');
      return 'ok';
    });
    expect([type, tried]).toEqual(['System', ['Custom', 'System']]);
  });

  it('unknown as either: the API\'s refusal, with a hint naming the list command', async () => {
    const error = await withPolicyType('nope', undefined, async () => {
      throw notExist('EntityNotExist.Policy');
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('EntityNotExist.Policy');
    expect(error.requestId).toBe('req-1');
    expect(hintOf(error)).toBe('there is no custom or system policy named nope; list them: aliaudit ram policy list --type Custom');
  });

  it('other refusals are not taken for "no such custom policy"', async () => {
    const tried: string[] = [];
    const error = await withPolicyType('x', undefined, async (t) => {
      tried.push(t);
      throw new ApiError('NoPermission', 'denied', 403);
    }).catch((e) => e);
    expect(error.code).toBe('NoPermission');
    expect(tried).toEqual(['Custom']);
  });

  it('a given type is used alone', async () => {
    const tried: string[] = [];
    const error = await withPolicyType('x', 'System', async (t) => {
      tried.push(t);
      throw notExist('EntityNotExist.Policy');
    }).catch((e) => e);
    expect(tried).toEqual(['System']);
    expect(hintOf(error)).toBe('there is no System policy named x; list them: aliaudit ram policy list --type System');
  });
});

describe('attach and detach', () => {
  it('call the holder\'s action with the wire names', async () => {
    const { ram, calls } = fakeRam({ AttachPolicyToRole: () => ({}), DetachPolicyFromGroup: () => ({}) });
    expect(await attachPolicy(ram, { name: 'p', type: 'Custom' }, { kind: 'role', name: 'R' })).toBe('Custom');
    expect(await detachPolicy(ram, { name: 'q', type: 'System' }, { kind: 'group', name: 'G' })).toBe('System');
    expect(calls).toEqual([
      { action: 'AttachPolicyToRole', params: { PolicyName: 'p', PolicyType: 'Custom', RoleName: 'R' } },
      { action: 'DetachPolicyFromGroup', params: { PolicyName: 'q', PolicyType: 'System', GroupName: 'G' } },
    ]);
  });

  it('a missing holder or attachment gets a hint naming the command that lists them', async () => {
    const { ram } = fakeRam({
      AttachPolicyToUser: () => {
        throw notExist('EntityNotExist.User');
      },
      DetachPolicyFromUser: () => {
        throw notExist('EntityNotExist.User.Policy');
      },
    });
    const attach = await attachPolicy(ram, { name: 'p', type: 'Custom' }, { kind: 'user', name: 'zed' }).catch((e) => e);
    expect(hintOf(attach)).toBe('there is no user named zed; list them: aliaudit ram user list');
    const detach = await detachPolicy(ram, { name: 'p', type: 'Custom' }, { kind: 'user', name: 'zed' }).catch((e) => e);
    expect(hintOf(detach)).toBe('p is not attached to user zed; see what is: aliaudit ram policies --user zed');
  });
});

describe('holderOf', () => {
  it('takes exactly one of --user, --group, --role', () => {
    expect(holderOf({ group: 'admins' }, 'aliaudit ram attach')).toEqual({ kind: 'group', name: 'admins' });
    expect(() => holderOf({}, 'aliaudit ram attach')).toThrow('aliaudit ram attach needs exactly one of --user, --group or --role: none was given');
    expect(() => holderOf({ user: 'a', role: 'b' }, 'aliaudit ram attach')).toThrow(/got --user and --role$/);
  });

  it('checks the name by the rules of its kind', () => {
    expect(holderOf({ user: 'a@b' }, 'x')).toEqual({ kind: 'user', name: 'a@b' });
    expect(() => holderOf({ role: 'a@b' }, 'x')).toThrow(InputError);
    expect(() => holderOf({ role: 'a@b' }, 'x')).toThrow(/--role "a@b" is not a valid name/);
  });
});

describe('safeDelete', () => {
  function dependents(log: string[]): Dependent[] {
    return [
      { kind: 'member', name: 'alice', removed: 'removed alice', remove: async () => void log.push('remove alice') },
      { kind: 'member', name: 'bob', removed: 'removed bob', remove: async () => void log.push('remove bob') },
      { kind: 'attached policy', name: 'ReadOnlyAccess', removed: 'detached', remove: async () => void log.push('detach') },
    ];
  }
  const plan = (log: string[], force: boolean, deps = dependents(log)) => ({
    entity: 'group admins',
    dependents: deps,
    force,
    byHand: 'by hand',
    confirm: async (action: string) => void log.push(`confirm: ${action}`),
    onStep: (done: string) => void log.push(`step: ${done}`),
    remove: async () => void log.push('delete'),
  });

  it('says what blocks the delete and changes nothing without --force', async () => {
    const log: string[] = [];
    const error = await safeDelete(plan(log, false)).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('group admins cannot be deleted while it has 2 members (alice, bob) and 1 attached policy (ReadOnlyAccess)');
    expect(hintOf(error)).toMatch(/--force/);
    expect(log).toEqual([]);
  });

  it('with --force: asks once, removes each dependent reporting it, then deletes', async () => {
    const log: string[] = [];
    await safeDelete(plan(log, true));
    expect(log).toEqual([
      'confirm: Delete group admins and remove its 2 members (alice, bob) and 1 attached policy (ReadOnlyAccess)',
      'remove alice', 'step: removed alice', 'remove bob', 'step: removed bob', 'detach', 'step: detached', 'delete',
    ]);
  });

  it('a refused confirmation changes nothing', async () => {
    const log: string[] = [];
    const refused = { ...plan(log, true), confirm: async () => Promise.reject(new Error('Cancelled')) };
    await expect(safeDelete(refused)).rejects.toThrow('Cancelled');
    expect(log).toEqual([]);
  });

  it('nothing depending on it: a plain confirmation and delete', async () => {
    const log: string[] = [];
    await safeDelete(plan(log, false, []));
    expect(log).toEqual(['confirm: Delete group admins', 'delete']);
  });

  it('summary pluralises each kind', () => {
    const one = (kind: string, name: string): Dependent => ({ kind, name, removed: '', remove: async () => {} });
    expect(summary([one('user attachment', 'a')])).toBe('1 user attachment (a)');
    expect(summary([one('attached policy', 'a'), one('attached policy', 'b'), one('member', 'c'), one('role attachment', 'd')])).toBe(
      '2 attached policies (a, b), 1 member (c) and 1 role attachment (d)',
    );
  });
});

describe('policyDependents', () => {
  it('lists every user, group and role a custom policy is attached to, each detachable', async () => {
    const { ram, calls } = fakeRam({
      ListEntitiesForPolicy: () => ({
        Users: { User: [{ UserName: 'bob' }] },
        Groups: { Group: [{ GroupName: 'ops' }] },
        Roles: { Role: [{ RoleName: 'Deploy' }] },
      }),
      DetachPolicyFromUser: () => ({}),
      DetachPolicyFromGroup: () => ({}),
      DetachPolicyFromRole: () => ({}),
    });
    const deps = await policyDependents(ram, 'ops-admin');
    expect(summary(deps)).toBe('1 user attachment (bob), 1 group attachment (ops) and 1 role attachment (Deploy)');
    for (const dep of deps) await dep.remove();
    expect(calls.map((c) => [c.action, c.params])).toEqual([
      ['ListEntitiesForPolicy', { PolicyName: 'ops-admin', PolicyType: 'Custom' }],
      ['DetachPolicyFromUser', { PolicyName: 'ops-admin', PolicyType: 'Custom', UserName: 'bob' }],
      ['DetachPolicyFromGroup', { PolicyName: 'ops-admin', PolicyType: 'Custom', GroupName: 'ops' }],
      ['DetachPolicyFromRole', { PolicyName: 'ops-admin', PolicyType: 'Custom', RoleName: 'Deploy' }],
    ]);
    expect(deps.map((d) => d.removed)).toContain('Detached policy ops-admin (Custom) from role Deploy.');
  });
});
