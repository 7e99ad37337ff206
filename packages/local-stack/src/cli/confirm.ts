import { createInterface } from 'node:readline/promises';
import { StackError } from '../stack-error';

/**
 * Asks a person at a terminal to type `word`; without a terminal (a script, CI) only `--yes` goes on,
 * so a destructive command never runs unattended by accident.
 */
export async function confirm(question: string, word: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new StackError(
      'NOT_CONFIRMED',
      `not confirmed: standard input is not a terminal; add --yes to go on`,
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question(`${question} Type "${word}" to go on: `);
    if (answer.trim() !== word)
      throw new StackError('NOT_CONFIRMED', 'not confirmed: nothing was changed');
  } finally {
    prompt.close();
  }
}
