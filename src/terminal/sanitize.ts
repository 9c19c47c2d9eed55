/**
 * The one sanitiser for text the CLI did not write itself (anything from the portal, a file name, a
 * draft): what it returns cannot drive a terminal. Every character that could (C0 and C1 controls,
 * DEL, so every ESC/CSI/OSC/DCS sequence; Unicode format characters: bidi overrides and isolates,
 * zero-width characters, the BOM; line and paragraph separators; lone surrogates) is shown as a
 * visible `\u{...}` instead. Nothing is dropped silently, so `x\u202Egnp.exe` reads as what it is,
 * not as "xexe.png", and a stripped OSC payload cannot pass for plain text.
 *
 * Sources: ECMA-48 (C0, C1, CSI and the control strings OSC, DCS, SOS, PM, APC all begin with a
 * control character); Unicode general categories Cc, Cf, Zl, Zp (https://www.unicode.org/reports/tr44/#General_Category_Values);
 * the bidi controls of UAX #9 (https://www.unicode.org/reports/tr9/#Directional_Formatting_Characters).
 */

/** Any character that must not reach a terminal as it is. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/** Multi-line text keeps its line breaks and tabs. */
const UNSAFE_MULTILINE = /(?![\n\t])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/**
 * A zero-width joiner between two pictographs joins an emoji sequence (UTS #51,
 * https://www.unicode.org/reports/tr51/#Emoji_ZWJ_Sequences); it is kept there, and shown escaped
 * everywhere else.
 */
const EMOJI_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}]\uFE0F?$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;

const visible = (ch: string): string => `\\u{${ch.codePointAt(0)!.toString(16)}}`;

/** Text safe to print: one line unless `multiline`, where newlines and tabs stay. */
export function sanitize(text: unknown, { multiline = false } = {}): string {
  const value = String(text ?? '').replace(multiline ? /\r\n/g : /\r\n|[\n\t]/g, multiline ? '\n' : ' ');
  return value.replace(multiline ? UNSAFE_MULTILINE : UNSAFE, (ch: string, at: number) =>
    ch === '\u200D' && EMOJI_BEFORE.test(value.slice(Math.max(0, at - 4), at)) && EMOJI_AFTER.test(value.slice(at + 1, at + 3)) ? ch : visible(ch),
  );
}

/**
 * Characters JSON.stringify leaves as they are though a terminal acts on them: DEL, C1 controls,
 * format characters (bidi, zero-width), the line and paragraph separators. (It escapes C0 and lone
 * surrogates itself.)
 */
const JSON_UNSAFE = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

function jsonEscape(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * JSON for standard output: the same data as JSON.stringify (a JSON parser reads back exactly the
 * same strings), with every character a terminal would act on written as a \u escape.
 */
export function safeJson(value: unknown, space?: number): string {
  const json = JSON.stringify(value, null, space);
  // Everything JSON_UNSAFE matches is DEL or above: text of ASCII alone (its UTF-8 as long as it
  // is) without DEL has nothing to escape, and both checks are far quicker than JSON_UNSAFE's scan.
  return Buffer.byteLength(json) === json.length && !json.includes('\x7f') ? json : json.replace(JSON_UNSAFE, jsonEscape);
}
