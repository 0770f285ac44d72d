import { maskProfile } from '../../../profiles/mask.js';
import { maskCommand } from '../../core/mask.js';
import { findProfile } from '../../../profiles/model.js';
import { keysForMode, MODE_RULES, SETTABLE_FIELDS } from '../../../profiles/modes.js';
import { fieldsOf, hasSaved, MODE_CHOICES, sourceCandidates } from './fields.js';
import type { Line, Screen } from './fit.js';
import { modeOf, type Problem, scopeOf, type WizardState } from './steps.js';

/** What the wizard shows for a state, as plain lines: the Ink component only styles and prints them. */

const STEPS = { name: 'profile name', mode: 'mode', fields: 'fields', check: 'live check', confirm: 'save' } as const;
const CURSOR = '_';
/** The same mask whatever was typed: not even the length of a secret shows. */
const HIDDEN = '••••••••';
const CANCEL = 'Ctrl-C cancel';

export function screenOf(state: WizardState, configPath: string): Screen | undefined {
  switch (state.step) {
    case 'name':
      return nameScreen(state);
    case 'mode':
      return modeScreen(state);
    case 'fields':
      return fieldsScreen(state);
    case 'check':
      return checkScreen(state);
    case 'confirm':
    case 'saving':
      return confirmScreen(state, configPath);
    default:
      return undefined;
  }
}

function title(state: WizardState, step: keyof typeof STEPS): Line {
  const number = Object.keys(STEPS).indexOf(step) + 1;
  const about = step === 'name' ? '' : ` · "${state.name}"${step === 'mode' ? '' : ` (${modeOf(state)})`}`;
  return { text: `Configure a profile${about} · step ${number} of 5: ${STEPS[step]}`, tone: 'title' };
}

function problemLines(problem: Problem | undefined, indent: string): Line[] {
  if (!problem) return [];
  return [
    { text: `${indent}✗ ${problem.message}`, tone: 'error', wrap: true },
    ...(problem.hint ? [{ text: `${indent}  hint: ${problem.hint}`, tone: 'hint' as const, wrap: true }] : []),
  ];
}

function nameScreen(state: WizardState): Screen {
  const profiles = state.config.profiles;
  const existing = findProfile(state.config, state.name);
  const width = Math.max(0, ...profiles.map((p) => p.name.length));
  const head: Line[] = [
    title(state, 'name'),
    { text: `Profile name: ${state.name}${CURSOR}`, tone: 'active' },
    ...problemLines(state.problem, '  '),
    {
      text: existing ? `  Edits profile "${existing.name}" (${existing.mode}): its values are the defaults.` : '  A new profile.',
      tone: 'muted',
    },
  ];
  if (profiles.length > 0) head.push({ text: 'Existing profiles:' });
  const body = profiles.map((p): Line => {
    const chosen = p.name === state.name;
    const current = p.name === state.config.current ? '  (current)' : '';
    return { text: `${chosen ? '›' : ' '} ${p.name.padEnd(width)}  ${p.mode}${current}`, tone: chosen ? 'active' : undefined };
  });
  const at = Math.max(0, profiles.findIndex((p) => p.name === state.name));
  const keys = [...(profiles.length > 0 ? ['↑↓ pick a profile'] : []), 'Enter next', 'Esc cancel', CANCEL].join(' · ');
  return { head, body, focus: { from: at, to: at }, keys };
}

function modeScreen(state: WizardState): Screen {
  const existing = findProfile(state.config, state.name);
  const head: Line[] = [title(state, 'mode'), { text: 'Where will this profile get its credentials?' }];
  if (existing && !MODE_RULES[existing.mode as keyof typeof MODE_RULES]?.settable) {
    head.push({ text: `  "${existing.name}" is ${existing.mode}, which aliaudit does not set up: a mode chosen here replaces it.`, tone: 'hint', wrap: true });
  }
  const width = Math.max(...MODE_CHOICES.map((c) => c.mode.length));
  const body = MODE_CHOICES.map(({ mode, use }, index): Line => {
    const chosen = index === state.modeIndex;
    return { text: `${chosen ? '›' : ' '} ${mode.padEnd(width)}  ${use}`, tone: chosen ? 'active' : undefined };
  });
  return { head, body, focus: { from: state.modeIndex, to: state.modeIndex }, keys: ['↑↓ choose', 'Enter next', 'Esc back', CANCEL].join(' · ') };
}

function fieldsScreen(state: WizardState): Screen {
  const scope = scopeOf(state);
  const fields = fieldsOf(scope.mode);
  const width = Math.max(...fields.map((f) => f.flag.length));
  const body: Line[] = [];
  let focus = { from: 0, to: 0 };
  fields.forEach((field, index) => {
    const typed = state.typed[field.key] ?? '';
    const saved = field.secret && hasSaved(scope, field.key);
    const active = index === state.fieldIndex;
    const shown = field.secret ? (typed ? HIDDEN : saved ? '(saved)' : '') : typed;
    const blank = field.required ? '' : '(optional)';
    if (!active) {
      const safe = field.key === 'process_command' ? maskCommand(shown) : shown;
      body.push({ text: `  ${field.flag.padEnd(width)}  ${safe || blank}`, tone: 'muted' });
      return;
    }
    const from = body.length;
    body.push({ text: `› ${field.flag.padEnd(width)}  ${field.picked ? typed : `${shown}${CURSOR}`}`, tone: 'active' });
    const notes = [
      field.describe,
      ...(field.secret ? [saved ? 'typed hidden; Enter on empty keeps the saved one' : 'typed hidden'] : []),
      ...(field.required ? [] : ['optional: Enter on empty skips it']),
    ];
    body.push({ text: `    ${notes.join(' · ')}`, tone: 'muted' });
    let to = body.length - 1;
    if (field.picked) {
      const sources = sourceLines(state, typed);
      to += Math.max(1, sources.findIndex((line) => line.tone === 'active') + 1);
      body.push(...sources);
    }
    const problem = problemLines(state.problem, '    ');
    body.push(...problem);
    // The choice under the cursor, or the error, must stay in view: the rest of a long list may scroll away.
    focus = { from, to: problem.length > 0 ? body.length - 1 : to };
  });
  const field = fields[state.fieldIndex];
  const keys = field.picked ? ['↑↓ choose', 'Enter next', 'Esc back', CANCEL] : ['↑↓ move', 'Enter next', 'Ctrl-U clear', 'Esc back', CANCEL];
  const use = MODE_CHOICES.find((c) => c.mode === scope.mode)?.use ?? '';
  return { head: [title(state, 'fields'), { text: `${scope.mode}: ${use}`, tone: 'muted' }], body, focus, keys: keys.join(' · ') };
}

function sourceLines(state: WizardState, chosen: string): Line[] {
  const offered = sourceCandidates(state.config, state.name);
  if (offered.length === 0) {
    return [{ text: `    No profile can be the source of "${state.name}" without a loop: create one with credentials of its own first.`, tone: 'hint', wrap: true }];
  }
  const width = Math.max(...offered.map((name) => name.length));
  return offered.map((name): Line => {
    const mode = findProfile(state.config, name)?.mode ?? '';
    return { text: `    ${name === chosen ? '›' : ' '} ${name.padEnd(width)}  ${mode}`, tone: name === chosen ? 'active' : undefined };
  });
}

function checkScreen(state: WizardState): Screen {
  const { check } = state;
  const ask = `GetCallerIdentity as "${state.name}"`;
  let body: Line[];
  if (check.status === 'running') body = [{ text: `Asking STS who the profile is (${ask})…` }];
  else if (check.status === 'passed') {
    body = [
      { text: `✓ ${check.identity.arn}`, tone: 'ok' },
      { text: `  ${check.identity.type} in account ${check.identity.account}`, tone: 'muted' },
    ];
  } else if (check.status === 'failed') {
    body = [
      ...problemLines(check.problem, ''),
      { text: 'The check failed; the profile can still be saved (it may work only where it will run).', tone: 'muted', wrap: true },
    ];
  } else body = [{ text: 'Skipped: nothing was asked of the cloud.', tone: 'muted' }];
  const keys = check.status === 'running' ? ['s skip', 'Esc back', CANCEL] : ['Enter next', 'r check again', 'Esc back', CANCEL];
  return { head: [title(state, 'check')], body, focus: { from: 0, to: 0 }, keys: keys.join(' · ') };
}

function confirmScreen(state: WizardState, configPath: string): Screen {
  const saved = state.preview!.saved;
  const profile = maskProfile(saved.profile);
  const keys = ['mode', ...keysForMode(modeOf(state))].filter((key) => profile[key] !== undefined && profile[key] !== '');
  const width = Math.max(...keys.map((k) => k.length));
  const head: Line[] = [
    title(state, 'confirm'),
    { text: `${saved.created ? 'Create' : 'Update'} profile "${saved.profile.name}" in ${configPath} and make it current:`, wrap: true },
  ];
  const body: Line[] = keys.map((key) => ({ text: `  ${key.padEnd(width)}  ${String(profile[key])}` }));
  // configure set keeps them too; the aliyun CLI ignores them.
  const unused = SETTABLE_FIELDS.map((f) => f.key).filter((key) => !keys.includes(key) && profile[key] !== undefined && profile[key] !== '');
  if (unused.length > 0) body.push({ text: `  Kept from an earlier mode, unused by ${modeOf(state)}: ${unused.join(', ')}`, tone: 'muted', wrap: true });
  const { check } = state;
  if (check.status === 'passed') body.push({ text: `Live check: ✓ ${check.identity.arn}`, tone: 'ok' });
  else if (check.status === 'failed') body.push({ text: `Live check: ✗ failed (${check.problem.message})`, tone: 'error', wrap: true });
  else body.push({ text: 'Live check: skipped', tone: 'muted' });
  const saving = state.step === 'saving';
  if (saving) body.push({ text: 'Saving…' });
  body.push(...problemLines(state.problem, ''));
  const last = body.length - 1;
  return { head, body, focus: { from: last, to: last }, keys: saving ? '' : ['Enter save', 'Esc back', CANCEL].join(' · ') };
}
