import { type ConfigFile, findProfile } from '../../../profiles/model.js';
import { selectProfileName } from '../../../profiles/select.js';
import { applyProfileChanges, type ProfileChanges, type SavedProfile } from '../../../profiles/service.js';
import { checkField } from '../../../profiles/validate.js';
import type { Env } from '../../core/env.js';
import { AliauditError, hintText } from '../../core/errors.js';
import { answerField, changesOf, type FieldScope, fieldsOf, MODE_CHOICES, sourceCandidates, typedFrom } from './fields.js';

/*
 * The wizard as a state machine with no terminal in it: keys and the answers of the live check and the save go in,
 * the next state comes out. The Ink component only maps keys to events and runs the check and the save.
 */

export type Step = 'name' | 'mode' | 'fields' | 'check' | 'confirm' | 'saving' | 'saved' | 'cancelled';

export interface Problem {
  message: string;
  hint?: string;
}

export interface Identity {
  arn: string;
  type: string;
  account: string;
}

export type CheckResult = { status: 'passed'; identity: Identity } | { status: 'failed'; problem: Problem };

/** The live check of the profile as it would be saved; `attempt` tells a late answer from the current one. */
export type LiveCheck = { attempt: number } & ({ status: 'idle' | 'running' | 'skipped' } | CheckResult);

export type WizardKey =
  | { kind: 'text'; text: string }
  | { kind: 'enter' | 'escape' | 'up' | 'down' | 'tab' | 'backspace' | 'clear' | 'cancel' };

export type WizardEvent =
  | WizardKey
  | { kind: 'checked'; attempt: number; result: CheckResult }
  | { kind: 'saved'; saved: SavedProfile }
  | { kind: 'save-failed'; problem: Problem };

export interface WizardState {
  /** config.json as it stood when the wizard opened: the defaults and the chains are judged against it. */
  readonly config: ConfigFile;
  readonly runtime: { env: Env; cwd: string; homedir: string };
  step: Step;
  name: string;
  /** The profile name the fields were filled in from: another name starts again from that profile's values. */
  filledFor?: string;
  modeIndex: number;
  fieldIndex: number;
  /** The text of each field, kept when the user goes back or changes mode. */
  typed: Record<string, string>;
  problem?: Problem;
  check: LiveCheck;
  /** The profile as it would be saved, in a copy of the config: made once the last field is answered. */
  preview?: { changes: ProfileChanges; saved: SavedProfile; config: ConfigFile };
  saved?: SavedProfile;
}

/** The first step, its name the one `configure set` would change: --profile, the profile variables, current, "default". */
export function startState(config: ConfigFile, runtime: WizardState['runtime'], selected?: string): WizardState {
  const name = selectProfileName({ flag: selected, env: runtime.env, config }) ?? 'default';
  return { config, runtime, step: 'name', name, modeIndex: 0, fieldIndex: 0, typed: {}, check: { status: 'idle', attempt: 0 } };
}

export const modeOf = (state: WizardState) => MODE_CHOICES[state.modeIndex].mode;

export function scopeOf(state: WizardState): FieldScope {
  return { config: state.config, name: state.name, mode: modeOf(state), where: state.runtime };
}

export function problemOf(error: unknown): Problem {
  if (error instanceof AliauditError) return { message: error.message, hint: error.hint ? hintText(error.hint) : undefined };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function advance(state: WizardState, event: WizardEvent): WizardState {
  if (event.kind === 'cancel') return state.step === 'saving' || state.step === 'saved' ? state : { ...state, step: 'cancelled' };
  switch (state.step) {
    case 'name':
      return onName(state, event);
    case 'mode':
      return onMode(state, event);
    case 'fields':
      return onField(state, event);
    case 'check':
      return onCheck(state, event);
    case 'confirm':
      return onConfirm(state, event);
    case 'saving':
      if (event.kind === 'saved') return { ...state, step: 'saved', saved: event.saved };
      if (event.kind === 'save-failed') return { ...state, step: 'confirm', problem: event.problem };
      return state;
    default:
      return state;
  }
}

function onName(state: WizardState, event: WizardEvent): WizardState {
  const names = state.config.profiles.map((p) => p.name);
  switch (event.kind) {
    case 'escape':
      return { ...state, step: 'cancelled' };
    case 'up':
    case 'down':
    case 'tab': {
      if (names.length === 0) return state;
      const at = names.indexOf(state.name);
      const next = at < 0 ? (event.kind === 'up' ? names.length - 1 : 0) : (at + (event.kind === 'up' ? -1 : 1) + names.length) % names.length;
      return { ...state, name: names[next], problem: undefined };
    }
    case 'enter':
      return acceptName(state);
    default:
      return { ...state, name: edit(state.name, event), problem: undefined };
  }
}

function acceptName(state: WizardState): WizardState {
  try {
    checkField('name', state.name);
  } catch (error) {
    return { ...state, problem: problemOf(error) };
  }
  if (state.filledFor === state.name) return { ...state, step: 'mode', problem: undefined };
  const existing = findProfile(state.config, state.name);
  const modeIndex = Math.max(0, MODE_CHOICES.findIndex((choice) => choice.mode === existing?.mode));
  return { ...state, step: 'mode', filledFor: state.name, typed: typedFrom(existing), modeIndex, problem: undefined };
}

function onMode(state: WizardState, event: WizardEvent): WizardState {
  const count = MODE_CHOICES.length;
  switch (event.kind) {
    case 'escape':
      return { ...state, step: 'name', problem: undefined };
    case 'up':
      return { ...state, modeIndex: (state.modeIndex - 1 + count) % count };
    case 'down':
    case 'tab':
      return { ...state, modeIndex: (state.modeIndex + 1) % count };
    case 'enter':
      return enterField({ ...state, step: 'fields' }, 0);
    default:
      return state;
  }
}

/** Moves to a field; a picked field starts on its saved choice when that is still offered, else on the first. */
function enterField(state: WizardState, index: number): WizardState {
  const field = fieldsOf(modeOf(state))[index];
  const moved = { ...state, fieldIndex: index, problem: undefined };
  if (!field.picked) return moved;
  const offered = sourceCandidates(state.config, state.name);
  if (offered.includes(state.typed[field.key] ?? '')) return moved;
  return { ...moved, typed: { ...state.typed, [field.key]: offered[0] ?? '' } };
}

function onField(state: WizardState, event: WizardEvent): WizardState {
  const fields = fieldsOf(modeOf(state));
  const field = fields[state.fieldIndex];
  switch (event.kind) {
    case 'escape':
      return state.fieldIndex === 0 ? { ...state, step: 'mode', problem: undefined } : enterField(state, state.fieldIndex - 1);
    case 'up':
    case 'down':
    case 'tab':
      // A typed field: ↑ goes to the one above; ↓ and Tab go on as Enter does (the value must be right first).
      if (!field.picked && event.kind === 'up') return state.fieldIndex === 0 ? state : enterField(state, state.fieldIndex - 1);
      if (!field.picked) return nextField(state, fields, field);
      return pickSource(state, field, event.kind);
    case 'enter':
      return nextField(state, fields, field);
    default:
      if (field.picked || event.kind === 'checked' || event.kind === 'saved' || event.kind === 'save-failed') return state;
      return { ...state, typed: { ...state.typed, [field.key]: edit(state.typed[field.key] ?? '', event) }, problem: undefined };
  }
}

function nextField(state: WizardState, fields: ReturnType<typeof fieldsOf>, field: ReturnType<typeof fieldsOf>[number]): WizardState {
  try {
    answerField(field, state.typed[field.key] ?? '', scopeOf(state));
  } catch (error) {
    return { ...state, problem: problemOf(error) };
  }
  return state.fieldIndex === fields.length - 1 ? finishFields(state) : enterField(state, state.fieldIndex + 1);
}

/** ↑, ↓ or Tab on the source profile: the next profile that can be its source without a loop. */
function pickSource(state: WizardState, field: ReturnType<typeof fieldsOf>[number], kind: 'up' | 'down' | 'tab'): WizardState {
  const offered = sourceCandidates(state.config, state.name);
  if (offered.length === 0) return state;
  const at = offered.indexOf(state.typed[field.key] ?? '');
  const next = (at + (kind === 'up' ? -1 : 1) + offered.length) % offered.length;
  return { ...state, typed: { ...state.typed, [field.key]: offered[next] }, problem: undefined };
}

/** Every field answered: make the profile as saveProfile would, in a copy, so the check and the summary see it whole. */
function finishFields(state: WizardState): WizardState {
  try {
    const changes = changesOf(state.typed, scopeOf(state));
    const config = structuredClone(state.config);
    const saved = applyProfileChanges(config, state.runtime.env, changes);
    return { ...state, step: 'check', preview: { changes, saved, config }, check: { status: 'running', attempt: state.check.attempt + 1 }, problem: undefined };
  } catch (error) {
    return { ...state, problem: problemOf(error) };
  }
}

function onCheck(state: WizardState, event: WizardEvent): WizardState {
  const running = state.check.status === 'running';
  switch (event.kind) {
    case 'checked':
      return running && event.attempt === state.check.attempt ? { ...state, check: { ...event.result, attempt: event.attempt } } : state;
    case 'escape':
      return enterField({ ...state, step: 'fields', check: { status: 'idle', attempt: state.check.attempt } }, fieldsOf(modeOf(state)).length - 1);
    case 'enter':
      return running ? state : { ...state, step: 'confirm', problem: undefined };
    case 'text': {
      const key = event.text.toLowerCase();
      if (key === 's') return { ...state, step: 'confirm', check: { status: 'skipped', attempt: state.check.attempt }, problem: undefined };
      if (key === 'r' && !running) return { ...state, check: { status: 'running', attempt: state.check.attempt + 1 } };
      return state;
    }
    default:
      return state;
  }
}

function onConfirm(state: WizardState, event: WizardEvent): WizardState {
  switch (event.kind) {
    case 'enter':
      return { ...state, step: 'saving', problem: undefined };
    case 'escape':
      return { ...state, step: 'check', problem: undefined };
    default:
      return state;
  }
}

/** Typing, erasing and clearing a line of text; control characters (a pasted line break) are dropped. */
function edit(text: string, event: WizardEvent): string {
  switch (event.kind) {
    case 'text':
      return text + event.text.replace(/[\u0000-\u001f\u007f]/g, '');
    case 'backspace':
      return [...text].slice(0, -1).join('');
    case 'clear':
      return '';
    default:
      return text;
  }
}
