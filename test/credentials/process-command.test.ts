import { chmodSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, UserError } from '../../src/core/errors.js';
import { runProcessCommand, splitCommand } from '../../src/credentials/process-command.js';
import { tempFile } from './helpers.js';

describe('splitCommand', () => {
  it.each([
    ['cmd a b', ['cmd', 'a', 'b']],
    ['  cmd\t a\n b  ', ['cmd', 'a', 'b']],
    [`cmd 'a b' "c d"`, ['cmd', 'a b', 'c d']],
    [`cmd 'it'"'"'s'`, ['cmd', "it's"]],
    [`cmd "say \\"hi\\"" 'no \\escape'`, ['cmd', 'say "hi"', 'no \\escape']],
    [`cmd "\\$HOME \\\\ \\n"`, ['cmd', '$HOME \\ \\n']],
    [`cmd a\\ b c\\"d`, ['cmd', 'a b', 'c"d']],
    [`cmd '' ""`, ['cmd', '', '']],
    [`cmd x''y`, ['cmd', 'xy']],
    [`cmd $HOME ~ *.json ; rm -rf / | cat`, ['cmd', '$HOME', '~', '*.json', ';', 'rm', '-rf', '/', '|', 'cat']],
    [`/opt/my tool/bin`, ['/opt/my', 'tool/bin']],
    [`"/opt/my tool/bin" --flag=1`, ['/opt/my tool/bin', '--flag=1']],
    ['cmd a\\\nb', ['cmd', 'ab']],
  ])('%s', (command, words) => {
    expect(splitCommand(command)).toEqual(words);
  });

  it.each([
    [`cmd 'open`, /unclosed single quote/],
    [`cmd "open`, /unclosed double quote/],
    [`cmd \\`, /lone backslash/],
    [`   `, /is empty/],
  ])('refuses %j', (command, message) => {
    expect(() => splitCommand(command, "profile 'x' process_command")).toThrow(InputError);
    expect(() => splitCommand(command, "profile 'x' process_command")).toThrow(message);
  });
});

const node = JSON.stringify(process.execPath);

function script(body: string): string {
  return tempFile('creds.mjs', body);
}

describe('runProcessCommand', () => {
  it('reads StsToken JSON, with its expiration', async () => {
    const file = script(
      `console.log(JSON.stringify({mode:'StsToken',access_key_id:'STS.id',access_key_secret:'s',sts_token:'t',expiration:'2030-01-02T03:04:05Z'}))`,
    );
    expect(await runProcessCommand({ command: `${node} ${file}`, env: {} })).toEqual({
      accessKeyId: 'STS.id',
      accessKeySecret: 's',
      securityToken: 't',
      expiration: new Date('2030-01-02T03:04:05Z'),
    });
  });

  it('reads AK JSON (no token, no expiration)', async () => {
    const file = script(`console.log(JSON.stringify({mode:'AK',access_key_id:'LTAI1',access_key_secret:'s',sts_token:'ignored'}))`);
    expect(await runProcessCommand({ command: `${node} ${file}`, env: {} })).toEqual({ accessKeyId: 'LTAI1', accessKeySecret: 's' });
  });

  it('passes arguments literally: no shell, no expansion', async () => {
    const file = script(
      `console.log(JSON.stringify({mode:'AK',access_key_id:JSON.stringify(process.argv.slice(2)),access_key_secret:process.env.MARK}))`,
    );
    const answer = await runProcessCommand({ command: `${node} ${file} '$MARK' "a b" ';' '|' \`x\``, env: { MARK: 'from-env' } });
    expect(JSON.parse(answer.accessKeyId)).toEqual(['$MARK', 'a b', ';', '|', '`x`']);
    expect(answer.accessKeySecret).toBe('from-env');
  });

  it('names missing keys', async () => {
    const file = script(`console.log(JSON.stringify({mode:'StsToken',access_key_id:'id',access_key_secret:'very-secret'}))`);
    const error = await runProcessCommand({ command: `${node} ${file}`, env: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/printed JSON without sts_token$/);
    expect(error.message).not.toContain('very-secret');
  });

  it('refuses output that is not JSON without quoting it', async () => {
    const file = script(`console.log('access_key_secret=hunter2'); console.error('warming up')`);
    const error = await runProcessCommand({ command: `${node} ${file}`, env: {} }).catch((e) => e);
    expect(error.message).toContain('did not print a JSON object on stdout');
    expect(error.message).toContain('warming up');
    expect(error.message).not.toContain('hunter2');
  });

  it('quotes the last lines of stderr on a non-zero exit, masking values the answer revealed', async () => {
    const file = script(
      `console.log(JSON.stringify({access_key_secret:'s3cr3t-value'})); ` +
        `for (let i = 1; i <= 8; i++) console.error('line ' + i); console.error('token s3cr3t-value'); process.exit(4)`,
    );
    const error = await runProcessCommand({ command: `${node} ${file}`, env: {} }).catch((e) => e);
    expect(error.message).toContain('exited with status 4');
    expect(error.message).toContain('line 8');
    expect(error.message).not.toContain('line 1\n');
    expect(error.message).toContain('token ****');
    expect(error.message).not.toContain('s3cr3t-value');
  });

  it('reports a command that does not exist, and one that cannot run', async () => {
    const missing = await runProcessCommand({ command: '/nonexistent/credential-helper', env: {} }).catch((e) => e);
    expect(missing.message).toBe('process_command "/nonexistent/credential-helper" could not be started: command not found');
    const file = tempFile('helper.sh', '#!/bin/sh\n');
    chmodSync(file, 0o644);
    const denied = await runProcessCommand({ command: file, env: {} }).catch((e) => e);
    expect(denied.message).toContain('permission denied');
  });

  it('stops a command that runs too long', async () => {
    const file = script(`setTimeout(() => {}, 10000)`);
    const error = await runProcessCommand({ command: `${node} ${file}`, env: {}, timeoutMs: 300 }).catch((e) => e);
    expect(error.message).toMatch(/did not finish within 300 ms$/);
  });

  it('refuses an expiration that is not a date and an unknown mode', async () => {
    const badDate = script(`console.log(JSON.stringify({mode:'AK',access_key_id:'a',access_key_secret:'b',expiration:'soon'}))`);
    expect((await runProcessCommand({ command: `${node} ${badDate}`, env: {} }).catch((e) => e)).message).toContain('not a date');
    const badMode = script(`console.log(JSON.stringify({mode:'CloudSSO',access_key_id:'a',access_key_secret:'b'}))`);
    expect((await runProcessCommand({ command: `${node} ${badMode}`, env: {} }).catch((e) => e)).message).toContain('mode "CloudSSO"');
  });
});
