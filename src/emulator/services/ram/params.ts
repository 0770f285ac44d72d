/**
 * Readers for RAM request parameters: each answers the value in the request's terms or throws the refusal RAM
 * answers for that parameter (MissingParameter, InvalidParameter.<Name>.…, MalformedPolicyDocument).
 */
import { PolicyGrammarError, PolicySizeError, parsePolicyDocument, type PolicyKind } from '../../policy.js';
import type { PolicyDocument } from '../../state.js';
import { invalidParameter, malformedPolicyDocument } from './faults.js';

export type Params = Record<string, string>;

export { optional, required } from '../params.js';
import { optional, required } from '../params.js';

export function booleanParam(params: Params, name: string): boolean | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw invalidParameter(name, `The parameter - "${name}" must be true or false.`);
}

export function integerParam(params: Params, name: string, min: number, max: number): number | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  const number = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max)) {
    throw invalidParameter(`${name}.Range`, `The parameter - "${name}" MUST be in the range of ${min} and ${max}.`);
  }
  return number;
}

/** An entity name: `InvalidParameter.<Name>.Length` when too long, `.InvalidChars` when it has other characters. */
export function checkName(name: string, value: string, chars: RegExp, maxLength: number): string {
  if (value.length > maxLength) throw invalidParameter(`${name}.Length`, `The parameter - "${name}" beyond the length limit.`);
  if (!chars.test(value)) throw invalidParameter(`${name}.InvalidChars`, `The parameter - "${name}" contains invalid chars.`);
  return value;
}

export function checkLength(name: string, value: string | undefined, maxLength: number): string | undefined {
  if (value !== undefined && value.length > maxLength) {
    throw invalidParameter(`${name}.Length`, `The parameter - "${name}" beyond the length limit.`);
  }
  return value;
}

export function checkFormat(name: string, value: string | undefined, format: RegExp): string | undefined {
  if (value !== undefined && !format.test(value)) {
    throw invalidParameter(`${name}.Format`, `The format of the parameter - "${name}" is incorrect.`);
  }
  return value;
}

export const USER_NAME = /^[A-Za-z0-9.@_-]+$/;
export const GROUP_NAME = /^[A-Za-z0-9._-]+$/;
export const ROLE_NAME = /^[A-Za-z0-9.-]+$/;
export const POLICY_NAME = /^[A-Za-z0-9-]+$/;
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const MOBILE_PHONE = /^\d{1,4}-\d{4,16}$/;

export type PolicyType = 'System' | 'Custom';

export function policyTypeParam(params: Params, name = 'PolicyType'): PolicyType | undefined {
  const value = optional(params, name);
  if (value === undefined || value === 'System' || value === 'Custom') return value;
  throw invalidParameter(name, `The parameter - "${name}" is incorrect.`);
}

export function requiredPolicyType(params: Params): PolicyType {
  required(params, 'PolicyType');
  return policyTypeParam(params)!;
}

/** A policy document parameter: over-long → InvalidParameter.<Name>.Length, bad JSON or grammar → MalformedPolicyDocument. */
export function documentParam(params: Params, name: string, kind: PolicyKind, maxLength: number): PolicyDocument {
  const text = required(params, name);
  try {
    return parsePolicyDocument(text, { kind, maxLength });
  } catch (error) {
    if (error instanceof PolicySizeError) {
      throw invalidParameter(`${name}.Length`, `The parameter - "${name}" beyond the length limit.`);
    }
    if (error instanceof PolicyGrammarError) throw malformedPolicyDocument(`The policy document is malformed: ${error.message}.`);
    throw error;
  }
}
