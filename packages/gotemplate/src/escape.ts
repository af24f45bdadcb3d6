const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\0': '\ufffd',
};

/** htmlEscape is Go's template.HTMLEscapeString. */
export function htmlEscape(text: string): string {
  return text.replace(/["'&<>\0]/g, (ch) => HTML_ESCAPES[ch]);
}

const JS_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

/** jsEscape is Go's template.JSEscapeString: safe inside a JavaScript string in HTML. */
export function jsEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch in JS_ESCAPES) out += JS_ESCAPES[ch];
    else if (code < 0x20 || (code >= 0x7f && !/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch))) {
      out += unicodeEscapes(ch);
    } else out += ch;
  }
  return out;
}

function unicodeEscapes(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) {
    out += '\\u' + ch.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** queryEscape is Go's url.QueryEscape: spaces become `+`, other reserved bytes `%XX`. */
export function queryEscape(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
