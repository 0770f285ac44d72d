import { describe, expect, it } from 'vitest';
import { checkDocumentText } from '../../src/ram/documents.js';

// Where JSON breaks is found by src/cli/json-syntax.ts (tested in test/cli/json-syntax.test.ts); this is how a
// policy document reports it.
describe('a document that is not JSON', () => {
  it('is refused with the flag, the problem and its line and column', () => {
    const text = '{\n  "Version": "1",\n  "Statement": [\n    {"Effect": "Allow", "Action": "*" "Resource": "*"}\n  ]\n}';
    expect(() => checkDocumentText(text, 'permission', '--document')).toThrow(
      /^--document is not valid JSON: expected ',' or '}' after a property, found '"' at line 4, column 39$/,
    );
  });

  it('counts lines over \\r\\n line ends too', () => {
    expect(() => checkDocumentText('{\r\n"Version": "1",\r\n}', 'permission', '--document')).toThrow(/at line 3, column 1$/);
  });
});
