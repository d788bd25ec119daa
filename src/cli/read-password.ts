import { CliExit, EXIT } from './context.js';

/** Reads all of stdin and returns its first line (without the line break): `echo "$PW" | xinyong … --password-stdin`. */
export async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line === '') throw new CliExit(EXIT.usage, 'xinyong: no password on stdin');
  return line;
}

/** Prompts on the terminal without echoing what is typed. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(typed);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new CliExit(130, 'xinyong: cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The password for a new account or a reset: from stdin with `--password-stdin`, else typed twice at a hidden
 * prompt. There is no default password and no password argument (it would end up in shell history and `ps`).
 * @throws CliExit when there is no terminal and no --password-stdin, or the two entries differ
 */
export async function readNewPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return passwordFromStdin();
  if (!process.stdin.isTTY)
    throw new CliExit(
      EXIT.usage,
      'xinyong: no terminal to prompt on; pipe the password with --password-stdin',
    );
  const first = await promptHidden('密码 (password): ');
  const second = await promptHidden('再次输入 (repeat): ');
  if (first !== second) throw new CliExit(EXIT.usage, 'xinyong: the two passwords differ');
  return first;
}
