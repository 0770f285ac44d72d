import { readFileSync, statSync } from 'node:fs';
import { profileChain } from '../../../profiles/chain.js';
import { type ConfigFile, findProfile, type Mode, type Profile, withProfile } from '../../../profiles/model.js';
import { MODE_RULES, SETTABLE_FIELDS, type SettableField } from '../../../profiles/modes.js';
import { normaliseField, type ProfileChanges } from '../../../profiles/service.js';
import { checkField } from '../../../profiles/validate.js';
import { SECRET_FLAGS } from '../../cli/flags.js';
import { InputError } from '../../core/errors.js';

/** The modes the wizard offers, in the order a newcomer is likeliest to need them, each with when to use it. */
export const MODE_CHOICES: readonly { mode: Mode; use: string }[] = [
  { mode: 'AK', use: 'a workstation: your own AccessKey pair' },
  { mode: 'RamRoleArn', use: 'CI outside Alibaba Cloud: an AccessKey pair assumes a RAM role' },
  { mode: 'EcsRamRole', use: "on an ECS instance: the instance's RAM role, from the metadata service" },
  { mode: 'OIDC', use: "ACK/Kubernetes (RRSA): the pod's service account token assumes a RAM role" },
  { mode: 'CredentialsURI', use: 'a credential broker: a URL that answers with credentials' },
  { mode: 'ChainableRamRoleArn', use: "chaining roles: another profile's credentials assume a RAM role" },
  { mode: 'StsToken', use: 'STS keys you already have (they expire)' },
  { mode: 'External', use: 'a command that prints credentials JSON' },
  { mode: 'Anonymous', use: 'no credentials, for the few APIs that need no signature' },
];

/** A profile key as the wizard asks for it. */
export interface WizardField extends SettableField {
  required: boolean;
  /** Typed hidden, never shown again. */
  secret: boolean;
  /** Chosen from a list (the profiles that can be a source), not typed. */
  picked: boolean;
}

/** The mode's fields in the order asked: what it needs, then what it may take, then the region. */
export function fieldsOf(mode: Mode): WizardField[] {
  const rule = MODE_RULES[mode];
  return [...rule.required, ...rule.optional, 'region_id'].map((key) => {
    const field = SETTABLE_FIELDS.find((f) => f.key === key);
    if (!field) throw new Error(`no settable field for ${key}`);
    return {
      ...field,
      required: key === 'region_id' || rule.required.includes(key),
      secret: SECRET_FLAGS.includes(field.flag),
      picked: key === 'source_profile',
    };
  });
}

/** What a field is judged against: the file as it stands, the profile being made, and where relative paths start. */
export interface FieldScope {
  config: ConfigFile;
  name: string;
  mode: Mode;
  where: { cwd: string; homedir: string };
}

/** What the text typed in a field comes to: a value, the key removed, or (an empty secret) the saved one kept. */
export type Answer = { kind: 'set'; value: string | number } | { kind: 'unset' } | { kind: 'keep' };

/** Judges one field with the rules `configure set` applies; throws the same InputError it would. */
export function answerField(field: WizardField, typed: string, scope: FieldScope): Answer {
  if (typed === '') {
    if (field.secret && hasSaved(scope, field.key)) return { kind: 'keep' };
    if (field.required) throw new InputError(`--${field.flag} is required for mode ${scope.mode}`, `${field.describe}, e.g. ${field.placeholder}`);
    return { kind: 'unset' };
  }
  const value = normaliseField(field.key, typed, scope.where);
  checkField(field.key, value, { checkFiles: true });
  if (field.key === 'oidc_token_file') checkTokenShape(String(value));
  if (field.key === 'source_profile') checkSource(scope.config, scope.name, String(value));
  return { kind: 'set', value };
}

/** The changes every field's answer makes, as `configure set` would be given them. */
export function changesOf(typed: Record<string, string>, scope: FieldScope): ProfileChanges {
  const fields: ProfileChanges['fields'] = {};
  for (const field of fieldsOf(scope.mode)) {
    const answer = answerField(field, typed[field.key] ?? '', scope);
    if (answer.kind === 'set') fields[field.key] = answer.value;
    if (answer.kind === 'unset') fields[field.key] = undefined;
  }
  return { name: scope.name, mode: scope.mode, fields };
}

/** A profile's values as the fields' starting text; secrets stay out (an empty secret keeps the saved one). */
export function typedFrom(profile: Profile | undefined): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const field of SETTABLE_FIELDS) {
    const value = profile?.[field.key];
    if (SECRET_FLAGS.includes(field.flag) || value === undefined || value === null || value === '' || value === 0) continue;
    typed[field.key] = String(value);
  }
  return typed;
}

export function hasSaved(scope: FieldScope, key: string): boolean {
  const value = findProfile(scope.config, scope.name)?.[key];
  return typeof value === 'string' && value !== '';
}

/** The profiles `name` can take its credentials from: any that does not lead back to it, and whose own chain resolves. */
export function sourceCandidates(config: ConfigFile, name: string): string[] {
  return config.profiles.filter((p) => p.name !== name && chainProblem(config, name, p.name) === undefined).map((p) => p.name);
}

function checkSource(config: ConfigFile, name: string, source: string): void {
  const problem = chainProblem(config, name, source);
  if (problem) throw problem;
}

/** What profileChain says of the chain `name` would start if it took its credentials from `source`. */
function chainProblem(config: ConfigFile, name: string, source: string): unknown {
  try {
    profileChain(withProfile(config, { name, mode: 'ChainableRamRoleArn', source_profile: source }), name);
    return undefined;
  } catch (error) {
    return error;
  }
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Far above any service account token; a bigger file is not one, and is not read whole. */
const MAX_TOKEN_BYTES = 64 * 1024;

/** The token file holds what looks like a JWT; its contents are never echoed (the token is a credential). */
export function checkTokenShape(path: string): void {
  const looksLikeJwt = statSync(path).size <= MAX_TOKEN_BYTES && JWT.test(readFileSync(path, 'utf8').trim());
  if (!looksLikeJwt) {
    throw new InputError(
      `--oidc-token-file ${path} does not hold a JWT`,
      'point it at the service account token: three base64url parts joined by dots (on ACK with RRSA, the file in ALIBABA_CLOUD_OIDC_TOKEN_FILE)',
    );
  }
}
