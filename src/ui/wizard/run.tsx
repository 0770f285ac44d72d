import { render, useApp } from 'ink';
import type { SavedProfile } from '../../../profiles/service.js';
import type { Context } from '../../cli/context.js';
import { abortReason } from '../../core/abort.js';
import { Wizard, type WizardResult } from './wizard.js';

/**
 * The wizard on its own, on the context's terminal: resolves with the saved profile, or undefined when the user
 * cancelled (nothing was written). The frame is erased when it ends and the terminal is left as it was found.
 */
export async function runWizard(ctx: Context): Promise<SavedProfile | undefined> {
  const ended: { result: WizardResult } = { result: { outcome: 'cancelled' } };
  const app = render(<Standalone ctx={ctx} onDone={(result) => (ended.result = result)} />, {
    stdout: ctx.io.stdout as NodeJS.WriteStream,
    stderr: ctx.io.stderr as NodeJS.WriteStream,
    stdin: ctx.io.stdin as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const interrupt = () => app.unmount();
  ctx.signal.addEventListener('abort', interrupt, { once: true });
  try {
    await app.waitUntilExit();
  } finally {
    ctx.signal.removeEventListener('abort', interrupt);
  }
  if (ctx.signal.aborted) throw abortReason(ctx.signal);
  const { result } = ended;
  if (result.outcome === 'failed') throw result.error;
  return result.outcome === 'saved' ? result.saved : undefined;
}

function Standalone({ ctx, onDone }: { ctx: Context; onDone(result: WizardResult): void }) {
  const { exit } = useApp();
  return (
    <Wizard
      ctx={ctx}
      onDone={(result) => {
        onDone(result);
        exit();
      }}
    />
  );
}
