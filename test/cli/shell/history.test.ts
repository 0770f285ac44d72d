import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confHistoryStore, History, memoryHistoryStore, redactLine } from '../../../src/cli/shell/history.js';

describe('redactLine', () => {
  it('drops a secret typed on the line, so the command asks for it when the line is recalled', () => {
    expect(redactLine('configure set --profile a --access-key-id LTAI1 --access-key-secret s3cr3t --region cn-hangzhou')).toBe(
      'configure set --profile a --access-key-id LTAI1 --access-key-secret --region cn-hangzhou',
    );
    expect(redactLine('configure set --sts-token=tok123 --mode StsToken')).toBe('configure set --sts-token --mode StsToken');
    expect(redactLine('sts assume-role-with-oidc --oidc-token eyJhbGciOi.x.y')).toBe('sts assume-role-with-oidc --oidc-token');
    expect(redactLine('x --db-password=hunter2')).toBe('x --db-password');
  });

  it('keeps @file and - (they are not secrets) and masks secrets inside other values', () => {
    expect(redactLine('configure set --access-key-secret @key.txt')).toBe('configure set --access-key-secret @key.txt');
    expect(redactLine('configure set --access-key-secret -')).toBe('configure set --access-key-secret -');
    expect(redactLine(`configure set --process-command 'broker --client-secret abc123'`)).toBe(`configure set --process-command 'broker --client-secret ****'`);
    expect(redactLine('ram access-key create --user alice --show-secrets')).toBe('ram access-key create --user alice --show-secrets');
  });

  it('masks what it can of a line with an open quote', () => {
    expect(redactLine(`configure set --access-key-secret s3cr3t --process-command 'x`)).not.toContain('s3cr3t');
  });
});

describe('History', () => {
  it('keeps lines newest last, without blanks or repeats, and finds the newest match first', () => {
    const history = new History(memoryHistoryStore());
    for (const line of ['whoami', 'whoami', '  ', 'ram user list', 'scan --regions cn-hangzhou', 'ram role list']) history.add(line);
    expect(history.all).toEqual(['whoami', 'ram user list', 'scan --regions cn-hangzhou', 'ram role list']);
    expect(history.search('ram')).toEqual({ index: 3, entry: 'ram role list' });
    expect(history.search('ram', 3)).toEqual({ index: 1, entry: 'ram user list' });
    expect(history.search('nothing')).toBeUndefined();
  });

  it('persists through conf in the user\'s config folder, 0600, with secrets already taken out', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aliaudit-history-'));
    const store = await confHistoryStore({}, home);
    expect(store.path).toBe(join(home, '.config', 'aliaudit', 'history.json'));
    new History(store).add('configure set --access-key-secret topsecret --region cn-hangzhou');
    const text = readFileSync(store.path, 'utf8');
    expect(text).not.toContain('topsecret');
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    const again = new History(await confHistoryStore({}, home));
    expect(again.all).toEqual(['configure set --access-key-secret --region cn-hangzhou']);
    const xdg = mkdtempSync(join(tmpdir(), 'aliaudit-xdg-'));
    expect((await confHistoryStore({ XDG_CONFIG_HOME: xdg }, home)).path).toBe(join(xdg, 'aliaudit', 'history.json'));
  });

  it('a history file it cannot use is named once, kept aside, and replaced by a new one that works', async () => {
    for (const bad of ['{ not json', '{"lines": "whoami"}']) {
      const home = mkdtempSync(join(tmpdir(), 'aliaudit-history-'));
      mkdirSync(join(home, '.config', 'aliaudit'), { recursive: true });
      const path = join(home, '.config', 'aliaudit', 'history.json');
      writeFileSync(path, bad);
      const store = await confHistoryStore({}, home);
      expect(store.notice).toBe(
        `the shell's history ${path} ${bad.startsWith('{ not') ? 'is not valid JSON' : 'holds no list of lines'}: it was moved to history.json.corrupt beside it, and a new one started`,
      );
      expect(readFileSync(`${path}.corrupt`, 'utf8')).toBe(bad);
      new History(store).add('whoami');
      expect(JSON.parse(readFileSync(path, 'utf8')).lines).toEqual(['whoami']);
      // The next session finds a good file: nothing more to say.
      const again = await confHistoryStore({}, home);
      expect(again.notice).toBeUndefined();
      expect(new History(again).all).toEqual(['whoami']);
    }
  });
});
