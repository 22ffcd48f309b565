// `raspvisor run --watch`: build, boot, and on every change to the project's sources stop the
// machine, rebuild and boot again. A build error is printed and the watcher waits for the next
// change (the last good image is not booted: it would not match the sources).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatUserError, isUserError, UserErrors } from '../common/diagnostics.ts';
import { PROJECT_FILE } from './find.ts';

/** What a change to these means: rebuild. Build outputs and editor files do not count. */
const WATCHED = ['hypervisor', 'guests', PROJECT_FILE];
const IGNORED = /(^|[\\/])(\.[^\\/]*|.*~|.*\.tmp|.*\.swp|4913)$/;

export interface WatchHooks {
  /** Build the project and name what to boot; throws a UserError on a build error. */
  prepare(): Promise<void>;
  /** Boot it; resolves when the run ends (by itself, or because `stopWhen()` turned true), with
   *  true when the user quit from the console. */
  run(stopWhen: () => boolean): Promise<boolean>;
  log(line: string): void;
}

/** Resolves when the user quits from the console (Ctrl-A x); Ctrl-C also ends it. */
export async function watchProject(root: string, hooks: WatchHooks): Promise<void> {
  let changed = false;
  let wake: (() => void) | null = null;
  const watchers: fs.FSWatcher[] = [];
  const onChange = (what: string) => {
    if (IGNORED.test(what)) return;
    changed = true;
    wake?.();
  };
  for (const w of WATCHED) {
    const p = path.join(root, w);
    if (!fs.existsSync(p)) continue;
    const isDir = fs.statSync(p).isDirectory();
    watchers.push(fs.watch(p, { recursive: isDir }, (_e, f) => onChange(String(f ?? w))));
  }
  const nextChange = () =>
    new Promise<void>((resolve) => {
      if (changed) return resolve();
      wake = () => {
        wake = null;
        resolve();
      };
    });
  // Editors write a file in several steps: let a burst of events settle before building.
  const settle = () => new Promise((r) => setTimeout(r, 150));
  try {
    for (;;) {
      changed = false;
      const t0 = performance.now();
      let built = true;
      try {
        await hooks.prepare();
      } catch (e) {
        if (!isUserError(e) && !(e instanceof UserErrors)) throw e;
        built = false;
        const errs = e instanceof UserErrors ? e.errors : [e];
        for (const err of errs) hooks.log(formatUserError(err as never));
        hooks.log('watch: build failed; waiting for a change');
      }
      if (built) {
        hooks.log(`watch: built in ${((performance.now() - t0) / 1000).toFixed(2)} s; booting (Ctrl-A x quits, saving a source reboots)`);
        const userQuit = await hooks.run(() => changed);
        if (userQuit && !changed) return;
        if (!changed) {
          hooks.log('watch: the run ended; waiting for a change (Ctrl-C quits)');
          await nextChange();
        }
      } else {
        await nextChange();
      }
      await settle();
      hooks.log('watch: change detected, rebuilding');
    }
  } finally {
    for (const w of watchers) w.close();
  }
}
