import * as fs from 'fs';
import * as path from 'path';

/**
 * The shell scripts the model hands to the targets, read from the `.sh` files beside this module (`src/scripts`
 * in the repository, `lib/scripts` in the package: the build copies them) so that shellcheck reads what runs.
 *
 * A file starts with a header of comment lines (shellcheck directives, what the script does and reads from its
 * environment), ended by one empty line; only the body after it is the script. In the body, `. ./<file>.sh`
 * includes another file's body (shellcheck follows it with `-x`), and `# shellcheck` directive lines are dropped.
 * Nothing is substituted: values reach the scripts through their environment.
 */
export function shellScript(file: string): string {
  let text = loaded.get(file);
  if (text === undefined) {
    text = expand(file, fs.readFileSync(path.join(__dirname, file), 'utf8'));
    loaded.set(file, text);
  }
  return text;
}

const loaded = new Map<string, string>();
const INCLUDE = /^\. \.\/([a-z0-9-]+\.sh)$/;
const DIRECTIVE = /^\s*# shellcheck /;

function expand(file: string, text: string): string {
  const lines = text.split('\n');
  const blank = lines.findIndex((line) => !line.startsWith('#'));
  if (blank < 0 || lines[blank] !== '' || !text.endsWith('\n')) {
    throw new Error(`src/scripts/${file}: expected a header of comment lines, one empty line, then the script ending with a newline`);
  }
  return lines
    .slice(blank + 1)
    .filter((line) => !DIRECTIVE.test(line))
    .map((line) => {
      const include = INCLUDE.exec(line);
      return include ? shellScript(include[1]).replace(/\n$/, '') : line;
    })
    .join('\n');
}
