import { join } from 'node:path';
import type { Env } from '../src/core/env.js';
import { InputError } from '../src/core/errors.js';

/** The config.json to use: --config-path, else ALIBABA_CLOUD_CONFIG_FILE, else <home>/.aliyun/config.json. */
export function configPath(options: { flag?: string; env: Env; homedir: string }): string {
  const { flag, env, homedir } = options;
  if (flag) return expandHome(flag, homedir);
  if (env.ALIBABA_CLOUD_CONFIG_FILE) return expandHome(env.ALIBABA_CLOUD_CONFIG_FILE, homedir);
  if (!homedir) {
    throw new InputError(
      'cannot find your home folder, so cannot find the aliyun CLI config (~/.aliyun/config.json)',
      'set HOME, or pass --config-path PATH, or set ALIBABA_CLOUD_CONFIG_FILE',
    );
  }
  return join(homedir, '.aliyun', 'config.json');
}

/** `--config-path=~/x` reaches us unexpanded (the shell expands ~ only at the start of a word). */
function expandHome(path: string, homedir: string): string {
  if (homedir && (path === '~' || path.startsWith('~/'))) return join(homedir, path.slice(1));
  return path;
}
