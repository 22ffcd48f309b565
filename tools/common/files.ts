// File output that never leaves a half-written user file: write beside the target under a
// temporary name, fsync, then rename over it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from './diagnostics.ts';

export function writeFileAtomic(target: string, data: Uint8Array | string): void {
  const dir = path.dirname(path.resolve(target));
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (e: any) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    if (e && (e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'ENOSPC' || e.code === 'EPERM' || e.code === 'ENOTDIR')) {
      throw new UserError(`cannot write ${target}: ${e.message}`);
    }
    throw e;
  }
}

export function readFileOrFail(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e: any) {
    if (e && e.code === 'ENOENT') throw new UserError(`${file}: no such file`);
    if (e && e.code === 'EISDIR') throw new UserError(`${file}: is a directory`);
    if (e && e.code === 'EACCES') throw new UserError(`${file}: permission denied`);
    throw e;
  }
}
