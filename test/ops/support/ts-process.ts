import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * Runs the project's TypeScript entry points (apps/api/src/main.ts, apps/cli/src/main.ts) in a plain
 * `node` child process, as users run the built ones: there is no ts-node here and tests do not build
 * dist/. Like test/crash/ts-register.hook.ts, a `.ts` loader transpiles with `typescript` (no type
 * check) and resolves the `@kyoyaku/*` aliases; unlike it, it also emits decorator metadata, which
 * Nest's dependency injection needs.
 */
export const ROOT = resolve(__dirname, '..', '..', '..');
export const API_MAIN = join(ROOT, 'apps/api/src/main.ts');
export const CLI_MAIN = join(ROOT, 'apps/cli/src/main.ts');

const LOADER = `
const Module = require('node:module');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const root = process.env.KYOYAKU_TS_ROOT;
// The @kyoyaku/* aliases, as tsconfig.json declares them.
const paths = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions.paths;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const target = Object.hasOwn(paths, request) ? paths[request][0] : undefined;
  return resolveFilename.call(this, target === undefined ? request : join(root, target), ...rest);
};
// Transpiled files are cached by path, size and mtime: each child would otherwise transpile the
// whole application again (seconds on a busy machine).
const cacheDir = join(tmpdir(), 'kyoyaku-ts-process-cache');
mkdirSync(cacheDir, { recursive: true });
Module._extensions['.ts'] = (module, filename) => {
  const { size, mtimeMs } = statSync(filename);
  const key = createHash('sha256').update('v1:' + filename + ':' + size + ':' + mtimeMs).digest('hex');
  const cached = join(cacheDir, key + '.js');
  let outputText;
  try {
    outputText = readFileSync(cached, 'utf8');
  } catch {
    const ts = require('typescript');
    outputText = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        inlineSourceMap: true,
      },
    }).outputText;
    const partial = cached + '.' + process.pid;
    writeFileSync(partial, outputText);
    renameSync(partial, cached);
  }
  module._compile(outputText, filename);
};
const entry = process.env.KYOYAKU_TS_ENTRY;
process.argv.splice(1, 0, entry);
require(entry);
`;

/** Spawns `node` running a TypeScript entry point with `args`, in the repository root. */
export function spawnTs(
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['-e', LOADER, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env, KYOYAKU_TS_ROOT: ROOT, KYOYAKU_TS_ENTRY: entry },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiProcess {
  child: ChildProcessWithoutNullStreams;
  port: number;
  baseUrl: string;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Waits until stdout contains `text` (at most `timeoutMs`). */
  waitForStdout(text: string, timeoutMs?: number): Promise<void>;
}

function collect(child: ChildProcessWithoutNullStreams): {
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
} {
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<Exit>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return { stdout: () => out, stderr: () => err, exited };
}

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts the API (apps/api/src/main.ts) on 127.0.0.1 and a free port; resolves once it serves.
 * Rejects with its output if it exits first.
 */
export async function startApiProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ApiProcess> {
  const child = spawnTs(API_MAIN, [], { HOST: '127.0.0.1', PORT: '0', ...env });
  const { stdout, stderr, exited } = collect(child);
  let exit: Exit | null = null;
  void exited.then((e) => (exit = e));
  const serving = /serving at http:\/\/127\.0\.0\.1:(\d+)/;
  await until(
    () => serving.test(stdout()) || exit !== null,
    timeoutMs,
    () => `the API to serve; stdout: ${stdout()} stderr: ${stderr()}`,
  );
  const port = Number(serving.exec(stdout())?.[1]);
  if (exit !== null || !Number.isInteger(port)) {
    throw new Error(`the API exited before serving (${JSON.stringify(exit)}):\n${stdout()}\n${stderr()}`);
  }
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    stdout,
    stderr,
    exited,
    waitForStdout: (text, wait = 10_000) =>
      until(
        () => stdout().includes(text),
        wait,
        () => `"${text}" in ${stdout()}`,
      ),
  };
}

/** Runs apps/cli/src/main.ts with `args` to its end. */
export async function runCliProcess(
  args: readonly string[],
  env: Record<string, string>,
): Promise<Exit & { stdout: string; stderr: string }> {
  const child = spawnTs(CLI_MAIN, args, env);
  child.stdin.end();
  const { stdout, stderr, exited } = collect(child);
  const exit = await exited;
  return { ...exit, stdout: stdout(), stderr: stderr() };
}
