/**
 * What a secret looks like, by kind rather than by example: names that say credential (in a header,
 * a cookie, a query or path parameter, a body field) and values whose shape gives them away (card
 * numbers by Luhn, IBANs by their check digits, JWTs, long random-looking strings in a URL).
 */

/** Words that make a name a credential wherever it appears. */
const SECRET_WORDS = new Set([
  ...["password", "passwd", "pwd", "passphrase", "pass", "secret", "token", "otp", "totp", "hotp", "mfa", "cvc", "cvv", "cvv2", "csc", "iban", "pin"],
  ...["ssn", "credential", "credentials", "cookie", "session", "sessionid", "sid", "signature", "sig", "jwt", "bearer", "apikey", "authorization"],
  ...["csrf", "xsrf", "hmac", "assertion", "privatekey", "pan"],
]);
/**
 * Looked for in the name with its separators dropped, so that pairs (`api_key`, `cardNumber`) and
 * run-together names (`clientsecret`, `refreshtoken`, `sessionid`) are found too.
 */
const SECRET_PARTS = ["password", "passwd", "secret", "token", "apikey", "privatekey", "accesskey", "signingkey", "sessionid", "sessid", "credential", "cardnumber", "accountnumber", "securitycode", "authorization", "signature"];
/**
 * Words that are credentials in a URL or a header but ordinary data in a body: an OAuth `?code=`, a
 * `?key=`, an OAuth `?state=`, `X-Auth`. A body's `code` is an error code, which the report has to show.
 */
const URL_WORDS = new Set(["code", "key", "state", "ticket", "nonce", "hash", "auth"]);

/** The words of a name: camelCase, kebab-case, snake_case and dotted names split alike, lower case. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when a body field name says its value is a credential. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => SECRET_WORDS.has(w) || SECRET_WORDS.has(w.replace(/s$/, "")))) return true;
  const joined = words.join("");
  return SECRET_PARTS.some((part) => joined.includes(part));
}

/** True when a header, query, fragment or path parameter name says its value is a credential. */
export function isSecretUrlName(name: string): boolean {
  return isSecretName(name) || nameWords(name).some((w) => URL_WORDS.has(w));
}

/** Luhn's check, as every payment card number passes it. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** A payment card number: 14 to 19 digits (spaces or dashes between groups allowed) that pass Luhn. */
export function isCardNumber(text: string): boolean {
  if (!/^\d[\d -]{12,24}\d$/.test(text)) return false;
  const digits = text.replace(/[ -]/g, "");
  return digits.length >= 14 && digits.length <= 19 && luhn(digits);
}

/** An IBAN: country, check digits and account, whose mod-97 remainder is 1 (ISO 13616). */
export function isIban(text: string): boolean {
  const compact = text.replace(/ /g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A value in a URL that reads as a token rather than a name or an id: a JWT, 32 or more hex digits,
 * or 20 or more characters mixing at least three of lower case, upper case, digits and punctuation.
 * UUIDs are ids and stay.
 */
export function looksLikeToken(text: string): boolean {
  if (JWT_WHOLE.test(text)) return true;
  if (text.length < 20 || UUID.test(text) || !/^[A-Za-z0-9._~+/=-]+$/.test(text)) return false;
  if (/^[0-9a-f]{32,}$/i.test(text)) return true;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[._~+/=-]/].filter((c) => c.test(text)).length;
  return classes >= 3 && /[0-9]/.test(text);
}

const JWT_WHOLE = /^eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*$/;

/** A value whose shape alone makes it a secret, wherever it is found. */
export function isSecretShape(text: string): boolean {
  return isCardNumber(text) || isIban(text) || JWT_WHOLE.test(text);
}

/**
 * `text` with every secret-shaped run replaced: JWTs, card numbers and IBANs inside longer text (a
 * message, a shown body). Runs are found by bounded patterns, then checked by the rules above; a run
 * that overreaches (a card number followed by " 12") is tried again without its trailing groups.
 */
export function replaceSecretShapes(text: string, replacement: string): string {
  return text
    .replace(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replacement)
    .replace(/(?<![\dA-Za-z])\d(?:[ -]?\d){13,30}(?![\dA-Za-z])/g, (run) => replaceValidPrefix(run, isCardNumber, replacement))
    .replace(/(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,40}(?![A-Za-z0-9])/g, (run) => replaceValidPrefix(run, isIban, replacement));
}

/** The longest prefix of `run` ending at a group boundary (space or dash) that `valid` accepts, replaced. */
function replaceValidPrefix(run: string, valid: (text: string) => boolean, replacement: string): string {
  const groups = run.split(/(?=[ -])/);
  for (let n = groups.length; n > 0; n--) {
    const prefix = groups.slice(0, n).join("");
    if (valid(prefix)) return replacement + run.slice(prefix.length);
  }
  return run;
}
