import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// No test may see a real profile or real credentials: clear every credential variable and give HOME a temp folder.
for (const key of Object.keys(process.env)) {
  if (/^(ALIBABA_CLOUD_|ALICLOUD_|ALIBABACLOUD_|ALIAUDIT_)/.test(key)) delete process.env[key];
}
process.env.HOME = mkdtempSync(join(tmpdir(), 'aliaudit-home-'));
// ink-testing-library frames vanish after unmount under CI=true.
delete process.env.CI;
