/** Runs the platform's disk tools (mtools, dosfstools, ...) with cancellation and clear errors. */
import { execFile } from 'node:child_process';
import { OutbandError } from '../../shared/errors';

/** What a tool printed. */
export interface ToolResult {
  stdout: Buffer;
  stderr: string;
}

/** Throws OutbandError `job.cancelled` when the signal is aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new OutbandError('job.cancelled', 'The operation was cancelled.');
}

/**
 * Runs `cmd args` without a shell. A missing tool becomes `usb.tool-missing` naming the package;
 * a failure becomes `usb.tool-failed` with the tool's own message; an abort becomes `job.cancelled`.
 */
export function runTool(
  cmd: string,
  args: readonly string[],
  options: { signal?: AbortSignal; input?: Uint8Array } = {},
): Promise<ToolResult> {
  throwIfAborted(options.signal);
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      [...args],
      // mtools refuses images whose size is not a whole number of its assumed tracks without this.
      {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
        signal: options.signal,
        env: { ...process.env, MTOOLS_SKIP_CHECK: '1', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        const errText = stderr.toString().trim();
        if (!err) return resolve({ stdout, stderr: errText });
        const e = err as NodeJS.ErrnoException & { code?: string | number };
        if (e.name === 'AbortError' || options.signal?.aborted) {
          return reject(new OutbandError('job.cancelled', 'The operation was cancelled.'));
        }
        if (e.code === 'ENOENT') {
          return reject(
            new OutbandError('usb.tool-missing', `${cmd} is not installed (${TOOL_PACKAGES[cmd] ?? 'install it'}).`),
          );
        }
        reject(new OutbandError('usb.tool-failed', `${cmd} failed: ${errText || e.message}`));
      },
    );
    if (options.input) {
      // A tool that exits before reading everything closes the pipe; its exit status tells why.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(Buffer.from(options.input));
    }
  });
}

const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  mcopy: 'Debian/Ubuntu package mtools',
  mdir: 'Debian/Ubuntu package mtools',
  mdel: 'Debian/Ubuntu package mtools',
  'mkfs.fat': 'Debian/Ubuntu package dosfstools',
  'mkfs.vfat': 'Debian/Ubuntu package dosfstools',
  umount: 'util-linux',
};
