/**
 * The OCSF Detection Finding (class 2004) as Prowler writes it, in the fields Prowler's OCSF output fills:
 * required fields, their types and enums. Draft-07, checked with ajv.
 */
const str = { type: 'string' } as const;
const nonEmpty = { type: 'string', minLength: 1 } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
const epoch = { type: 'integer', minimum: 0 } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

export const detectionFindingSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://aliaudit.test/ocsf/detection-finding.json',
  title: 'OCSF Detection Finding as Prowler writes it',
  type: 'object',
  required: [
    'message', 'metadata', 'severity_id', 'severity', 'status', 'status_code', 'status_detail', 'status_id', 'unmapped',
    'activity_name', 'activity_id', 'finding_info', 'resources', 'category_name', 'category_uid', 'class_name',
    'class_uid', 'cloud', 'time', 'time_dt', 'remediation', 'risk_details', 'type_uid', 'type_name',
  ],
  properties: {
    message: str,
    metadata: {
      type: 'object',
      required: ['event_code', 'product', 'profiles', 'version'],
      properties: {
        event_code: nonEmpty,
        product: {
          type: 'object',
          required: ['uid', 'name', 'vendor_name', 'version'],
          properties: { uid: { const: 'aliaudit' }, name: { const: 'aliaudit' }, vendor_name: { const: 'aliaudit' }, version: nonEmpty },
        },
        profiles: { type: 'array', items: { enum: ['cloud', 'datetime'] }, minItems: 2, uniqueItems: true },
        version: { type: 'string', pattern: '^1\\.\\d+\\.\\d+$' },
      },
    },
    severity_id: { enum: [1, 2, 3, 4, 5] },
    severity: { enum: ['Informational', 'Low', 'Medium', 'High', 'Critical'] },
    status: { enum: ['New', 'Suppressed'] },
    status_code: { enum: ['PASS', 'FAIL', 'MANUAL'] },
    status_detail: str,
    status_id: { enum: [1, 3] },
    unmapped: {
      type: 'object',
      required: ['compliance', 'scan_id', 'scan_complete'],
      properties: {
        compliance: { type: 'object', additionalProperties: strings },
        scan_id: nonEmpty,
        scan_complete: { type: 'boolean' },
        scan_incomplete_reasons: strings,
        categories: strings,
        related_url: str,
        remediation_code_cli: str,
      },
    },
    activity_name: { const: 'Create' },
    activity_id: { const: 1 },
    finding_info: {
      type: 'object',
      required: ['uid', 'title', 'desc', 'name', 'types', 'created_time', 'created_time_dt', 'analytic'],
      properties: {
        uid: nonEmpty,
        title: nonEmpty,
        desc: str,
        name: str,
        types: strings,
        created_time: epoch,
        created_time_dt: dateTime,
        analytic: {
          type: 'object',
          required: ['uid', 'name', 'type_id', 'category'],
          properties: { uid: nonEmpty, name: nonEmpty, type: { const: 'Rule' }, type_id: { const: 1 }, category: { enum: ['ram', 'ecs'] } },
        },
      },
    },
    resources: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['uid', 'name', 'type', 'group', 'region', 'labels', 'data'],
        properties: {
          uid: { type: 'string', pattern: '^acs:' },
          name: str,
          type: nonEmpty,
          group: { type: 'object', required: ['name'], properties: { name: { enum: ['ram', 'ecs'] } } },
          region: nonEmpty,
          labels: strings,
          data: { type: 'object', required: ['details'], properties: { details: str } },
        },
      },
    },
    category_name: { const: 'Findings' },
    category_uid: { const: 2 },
    class_name: { const: 'Detection Finding' },
    class_uid: { const: 2004 },
    cloud: {
      type: 'object',
      required: ['account', 'provider', 'region'],
      properties: {
        account: {
          type: 'object',
          required: ['uid', 'type_id', 'type'],
          properties: { uid: nonEmpty, name: str, type_id: { const: 99 }, type: { const: 'Other' }, labels: strings },
        },
        provider: { const: 'alibabacloud' },
        region: nonEmpty,
      },
    },
    time: epoch,
    time_dt: dateTime,
    remediation: {
      type: 'object',
      required: ['desc', 'references'],
      properties: { desc: str, references: { type: 'array', items: { type: 'string', format: 'uri' } } },
    },
    risk_details: str,
    type_uid: { const: 200401 },
    type_name: { const: 'Detection Finding: Create' },
  },
} as const;
