// `socket-lab codegen python|node|c FILE.ndjson [-o OUT] [--force]`: the recorded session as a runnable script
// ("Copy as code"), printed or written to OUT. Loaded only by this command (its own chunk: the start path stays small).
import { fsPromises } from '../builtins';
import { codegenLanguages, generateCode, type CodegenLanguage } from '../../shared/codegen';
import { problemText, type Problem } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { parseCommandLine, usage, UsageError } from './args';
import { writeStderr, type Output } from './output';

const quoted = (file: string): string => `"${quoteInput(file, 200)}"`;
const mistake = (problem: Problem): UsageError => new UsageError(problemText(problem));

async function readRecording(file: string): Promise<string> {
  try {
    return await fsPromises().readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    throw mistake(
      code === 'ENOENT'
        ? { key: 'codegenMissing', params: { path: quoted(file) } }
        : { key: 'codegenUnreadable', params: { path: quoted(file), code } },
    );
  }
}

export async function runCodegen(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseCommandLine(args, { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
  const [language, file, extra] = positionals;
  if (language === undefined) throw usage('say which language: socket-lab codegen python|node|c FILE.ndjson');
  if (!(codegenLanguages as readonly string[]).includes(language))
    throw mistake({ key: 'codegenLanguage', params: { language: quoteInput(language) } });
  if (file === undefined) throw usage('give the recorded session: an NDJSON file from send or serve --export FILE.ndjson');
  if (extra !== undefined) throw usage(`unexpected argument "${quoteInput(extra)}"`);
  if (values.output === '') throw usage('-o needs a file name');

  const generated = generateCode(language as CodegenLanguage, await readRecording(file), quoted(file));
  if (!generated.ok) throw mistake(generated.problem);
  if (values.output === undefined) {
    out.write(generated.code);
    return;
  }
  try {
    // 'wx' refuses an existing file in the same step that creates it: nothing to race between a check and the write.
    await fsPromises().writeFile(values.output, generated.code, { flag: values.force ? 'w' : 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    if (code === 'EEXIST') throw mistake({ key: 'codegenTargetExists', params: { path: quoted(values.output) } });
    throw new Error(problemText({ key: 'codegenWriteFailed', params: { path: quoted(values.output), code } }), { cause: err });
  }
  writeStderr(`socket-lab: wrote ${language} code for a ${generated.script.kind} session to ${quoted(values.output)}\n`);
}
