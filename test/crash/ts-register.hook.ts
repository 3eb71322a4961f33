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

const ALIAS = /^@kyoyaku\/(domain|legal-text|event-store|ledger|projections)$/;

export function registerTypeScript(rootDir: string): void {
  const internals = Module as unknown as ModuleInternals;
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request: string, ...rest: unknown[]): string {
    const alias = ALIAS.exec(request);
    const target = alias === null ? request : join(rootDir, 'libs', alias[1] ?? '', 'src');
    return resolve.call(this, target, ...rest);
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
