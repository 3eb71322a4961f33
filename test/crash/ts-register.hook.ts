import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * Lets a plain `node` child process run the project's TypeScript (there is no ts-node here): a
 * `.ts` loader that transpiles with `typescript` (no type check), and the `@kyoyaku/*` path
 * aliases. The crash test transpiles this file itself and preloads it into the child.
 */

interface ModuleInternals {
  _resolveFilename(this: unknown, request: string, ...rest: unknown[]): string;
  _extensions: Record<
    string,
    (module: { _compile(code: string, filename: string): void }, filename: string) => void
  >;
}

/** The `@kyoyaku/*` aliases as tsconfig.json declares them: alias → folder, relative to the root. */
function pathAliases(rootDir: string): Map<string, string> {
  const tsconfig = JSON.parse(readFileSync(join(rootDir, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return new Map(
    Object.entries(tsconfig.compilerOptions.paths).flatMap(([alias, [target]]) =>
      target === undefined ? [] : [[alias, target] as const],
    ),
  );
}

export function registerTypeScript(rootDir: string): void {
  const aliases = pathAliases(rootDir);
  const internals = Module as unknown as ModuleInternals;
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request: string, ...rest: unknown[]): string {
    const alias = aliases.get(request);
    return resolve.call(this, alias === undefined ? request : join(rootDir, alias), ...rest);
  };
  internals._extensions['.ts'] = (module, filename) => {
    const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        experimentalDecorators: true,
        inlineSourceMap: true,
      },
    });
    module._compile(outputText, filename);
  };
}
