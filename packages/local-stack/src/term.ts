/**
 * Colour only for a person at a terminal: never in redirected output or files, never when NO_COLOR
 * is set (https://no-color.org) or the terminal is dumb.
 */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;
export type Style = keyof typeof CODES;

export type Paint = (style: Style, text: string) => string;

export function painter(enabled: boolean): Paint {
  return enabled ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_, text) => text;
}
