import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigFile, Profile } from '../../../profiles/model.js';
import { answerField, checkTokenShape, fieldsOf, sourceCandidates, typedFrom } from '../../../src/ui/wizard/fields.js';
import { fitFrame, type Line, scrolled, wrapped } from '../../../src/ui/wizard/fit.js';
import { advance, startState, type WizardEvent, type WizardState } from '../../../src/ui/wizard/steps.js';

const ARN = 'acs:ram::1234567890123456:role/AuditRole';
const region = { region_id: 'cn-hangzhou' };
const ak = (name: string): Profile => ({ name, mode: 'AK', access_key_id: 'id', access_key_secret: 'secret-value', ...region });
const chain = (name: string, source: string): Profile => ({
  name,
  mode: 'ChainableRamRoleArn',
  source_profile: source,
  ram_role_arn: ARN,
  ram_session_name: 's',
  ...region,
});
const configOf = (...profiles: Profile[]): ConfigFile => ({ current: profiles[0]?.name ?? '', profiles });
const runtime = { env: {}, cwd: '/work', homedir: '/home/u' };

function run(state: WizardState, ...events: WizardEvent[]): WizardState {
  return events.reduce(advance, state);
}
const text = (value: string): WizardEvent => ({ kind: 'text', text: value });
const enter: WizardEvent = { kind: 'enter' };

describe('the source profile candidates', () => {
  it('leave out the profile itself and every profile whose chain leads back to it or does not resolve', () => {
    const config = configOf(ak('root'), chain('a', 'b'), ak('b'), chain('c', 'a'), chain('d', 'c'), chain('lost', 'ghost'), chain('e', 'root'));
    expect(sourceCandidates(config, 'b')).toEqual(['root', 'e']);
    expect(sourceCandidates(config, 'new')).toEqual(['root', 'a', 'b', 'c', 'd', 'e']);
    // root is AK now; made to chain, it may not take e, which chains from root.
    expect(sourceCandidates(config, 'root')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('are refused when typed around the picker, with profileChain\'s own words', () => {
    const config = configOf(ak('b'), chain('a', 'b'));
    const source = fieldsOf('ChainableRamRoleArn')[0];
    const scope = { config, name: 'b', mode: 'ChainableRamRoleArn' as const, where: runtime };
    expect(() => answerField(source, 'a', scope)).toThrow('profile chain loops: b → a → b');
    expect(() => answerField(source, 'ghost', scope)).toThrow('can not load the source profile: ghost');
  });
});

describe('a field answered', () => {
  const scope = (config: ConfigFile, name: string) => ({ config, name, mode: 'AK' as const, where: runtime });
  const [id, secret, regionField] = fieldsOf('AK');

  it('an empty secret keeps the saved one; an empty required field is refused; an empty optional one is removed', () => {
    expect(answerField(secret, '', scope(configOf(ak('alice')), 'alice'))).toEqual({ kind: 'keep' });
    expect(() => answerField(secret, '', scope(configOf(ak('alice')), 'bob'))).toThrow('--access-key-secret is required for mode AK');
    expect(() => answerField(id, '', scope(configOf(), 'bob'))).toThrow('--access-key-id is required for mode AK');
    const externalId = fieldsOf('RamRoleArn').find((f) => f.key === 'external_id')!;
    expect(answerField(externalId, '', { ...scope(configOf(), 'r'), mode: 'RamRoleArn' })).toEqual({ kind: 'unset' });
    expect(answerField(regionField, 'cn-beijing', scope(configOf(), 'bob'))).toEqual({ kind: 'set', value: 'cn-beijing' });
  });

  it('starts from a profile\'s values, never its secrets', () => {
    const profile = { ...ak('alice'), sts_token: 'tok', expired_seconds: 0, ram_role_name: 'R' };
    expect(typedFrom(profile)).toEqual({ access_key_id: 'id', region_id: 'cn-hangzhou', ram_role_name: 'R' });
  });

  it('asks for the mode\'s required fields first, then its optional ones, then the region', () => {
    expect(fieldsOf('OIDC').map((f) => `${f.key}${f.required ? '!' : ''}`)).toEqual([
      'oidc_provider_arn!',
      'oidc_token_file!',
      'ram_role_arn!',
      'ram_session_name!',
      'expired_seconds',
      'sts_region',
      'sts_endpoint',
      'region_id!',
    ]);
    expect(fieldsOf('StsToken').filter((f) => f.secret).map((f) => f.key)).toEqual(['access_key_secret', 'sts_token']);
  });
});

describe('the OIDC token file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-token-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('must hold three base64url parts joined by dots, and is never echoed', () => {
    expect(() => checkTokenShape(file('jwt', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n'))).not.toThrow();
    for (const [name, text] of [['two', 'a.b'], ['four', 'a.b.c.d'], ['spaces', 'a b.c.d'], ['empty', ''], ['padded', 'a.b.c=']]) {
      const error = (() => {
        try {
          checkTokenShape(file(name, text));
        } catch (caught) {
          return caught as Error;
        }
      })();
      expect(error?.message).toBe(`--oidc-token-file ${join(dir, name)} does not hold a JWT`);
    }
    expect(() => checkTokenShape(file('huge', `${'a'.repeat(70_000)}.b.c`))).toThrow('does not hold a JWT');
  });
});

describe('the wizard\'s steps', () => {
  it('ignores a live check answer that comes after it was skipped or asked again', () => {
    let state = run(startState(configOf(), runtime), text('x'), enter, enter);
    expect(state.step).toBe('fields');
    state = run(state, text('id'), enter, text('secret'), enter, { kind: 'clear' }, text('cn-hangzhou'), enter);
    expect(state).toMatchObject({ step: 'check', check: { status: 'running', attempt: 1 } });
    const passed = { status: 'passed' as const, identity: { arn: 'acs:ram::1:user/x', type: 'RAMUser', account: '1' } };
    const retried = run(state, { kind: 'checked', attempt: 1, result: { status: 'failed', problem: { message: 'no' } } }, text('r'));
    expect(retried.check).toEqual({ status: 'running', attempt: 2 });
    expect(run(retried, { kind: 'checked', attempt: 1, result: passed }).check.status).toBe('running');
    expect(run(retried, { kind: 'checked', attempt: 2, result: passed }).check).toEqual({ ...passed, attempt: 2 });
    const skipped = run(state, text('s'), { kind: 'checked', attempt: 1, result: passed });
    expect(skipped).toMatchObject({ step: 'confirm', check: { status: 'skipped' } });
  });

  it('cannot be cancelled while saving; a failed save returns to the summary with its error', () => {
    let state = run(startState(configOf(), runtime), enter, enter, text('id'), enter, text('secret'), enter, text('cn-hangzhou'), enter, text('s'), enter);
    expect(state.step).toBe('saving');
    expect(run(state, { kind: 'cancel' }).step).toBe('saving');
    state = run(state, { kind: 'save-failed', problem: { message: 'cannot change config.json: permission denied' } });
    expect(state).toMatchObject({ step: 'confirm', problem: { message: 'cannot change config.json: permission denied' } });
  });

  it('typing another name starts again from that profile, the same name keeps what was typed', () => {
    const config = configOf(ak('alice'), { name: 'bob', mode: 'EcsRamRole', ram_role_name: 'BobRole', ...region });
    let state = run(startState(config, runtime), enter);
    expect(state).toMatchObject({ step: 'mode', name: 'alice', typed: { access_key_id: 'id' } });
    state = run(state, enter, { kind: 'clear' }, text('changed'), { kind: 'escape' }, { kind: 'escape' }, enter);
    expect(state.typed.access_key_id).toBe('changed');
    state = run(state, { kind: 'escape' }, { kind: 'down' }, enter);
    expect(state).toMatchObject({ name: 'bob', modeIndex: 2, typed: { ram_role_name: 'BobRole' } });
  });
});

describe('the frame', () => {
  const lines = (count: number, prefix = 'line'): Line[] => Array.from({ length: count }, (_, i) => ({ text: `${prefix} ${i}` }));

  it('scrolls a long list so the focus stays in view, marking what is cut', () => {
    expect(scrolled(lines(10), { from: 0, to: 0 }, 5).map((l) => l.text)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', '  ↓ 6 more']);
    expect(scrolled(lines(10), { from: 5, to: 5 }, 5).map((l) => l.text)).toEqual(['  ↑ 3 more', 'line 3', 'line 4', 'line 5', '  ↓ 4 more']);
    expect(scrolled(lines(10), { from: 9, to: 9 }, 5).map((l) => l.text)).toEqual(['  ↑ 6 more', 'line 6', 'line 7', 'line 8', 'line 9']);
    // A focus taller than the window keeps its end (the choice, the error) in view.
    expect(scrolled(lines(10), { from: 1, to: 8 }, 4).map((l) => l.text)).toEqual(['  ↑ 7 more', 'line 7', 'line 8', 'line 9']);
    expect(scrolled(lines(12), { from: 1, to: 8 }, 4).map((l) => l.text)).toEqual(['  ↑ 7 more', 'line 7', 'line 8', '  ↓ 3 more']);
    expect(scrolled(lines(10), { from: 4, to: 4 }, 2).map((l) => l.text)).toEqual(['line 3', 'line 4']);
  });

  it('is never taller than asked, ending with the key bar, whatever the sizes', () => {
    for (let height = 1; height < 16; height++) {
      for (const [head, body] of [[2, 30], [20, 0], [1, 3]]) {
        for (let focus = 0; focus < Math.max(1, body); focus += 7) {
          const frame = fitFrame({ head: lines(head, 'head'), body: lines(body), focus: { from: focus, to: focus }, keys: 'keys' }, height);
          expect(frame.length).toBeLessThanOrEqual(height);
          expect(frame.at(-1)).toEqual({ text: 'keys', tone: 'keys' });
          if (body > 0 && height - head - 1 >= 3) expect(frame.map((l) => l.text)).toContain(`line ${focus}`);
        }
      }
    }
  });

  it('breaks wrapping lines at spaces to the width, and moves the focus with them', () => {
    const screen = wrapped(
      {
        head: [],
        body: [{ text: 'one' }, { text: '  ✗ a message long enough to need two rows', wrap: true }, { text: 'three' }],
        focus: { from: 1, to: 1 },
        keys: '',
      },
      24,
    );
    expect(screen.body.map((l) => l.text)).toEqual(['one', '  ✗ a message long', '    enough to need two', '    rows', 'three']);
    expect(screen.focus).toEqual({ from: 1, to: 3 });
  });
});

describe('moving between fields', () => {
  it('↑ goes to the field above without judging the one left; ↓ goes on only once the field is right', () => {
    let state = run(startState(configOf(), runtime, undefined), { kind: 'clear' }, text('ci'), enter, enter);
    expect(state.step).toBe('fields');
    state = run(state, text('LTAIid'), enter, text('secret'), enter);
    expect(fieldsOf('AK')[state.fieldIndex].key).toBe('region_id');
    state = run(state, text('not a region'), { kind: 'down' });
    expect(state.problem?.message).toContain('is not a region id');
    state = run(state, { kind: 'up' }, { kind: 'up' });
    expect(fieldsOf('AK')[state.fieldIndex].key).toBe('access_key_id');
    expect(run(state, { kind: 'up' }).fieldIndex).toBe(0);
  });
});
