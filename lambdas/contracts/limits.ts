/**
 * Sizes the functions accept in the fields of an event that they store or echo. Connect and Lex
 * never send more; anything larger is a forged or broken event, rejected before any write.
 */

/** A Connect contact id: a UUID in practice; letters, digits and hyphens, at most 128. */
export const CONTACT_ID_PATTERN = /^[A-Za-z0-9-]{1,128}$/;
/** A Connect channel name (VOICE, CHAT, TASK, EMAIL, ...). */
export const CHANNEL_PATTERN = /^[A-Z][A-Z_]{0,31}$/;
/** ARNs are at most 2,048 characters; a Connect instance ARN is far shorter. */
export const MAX_ARN_LENGTH = 512;
/** Connect keeps at most 32,768 bytes of contact attributes in all; no one value can be longer. */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 32_768;
/** The longest text Lex V2 accepts as one input (RecognizeText `text`). */
export const MAX_LEX_INPUT_LENGTH = 1_024;
/** Our session attributes are short (ids, a quote, the handled intents); Lex's own hold less than this. */
export const MAX_SESSION_ATTRIBUTE_LENGTH = 2_048;
/** More session attributes than this is not a session our flow and hook built. */
export const MAX_SESSION_ATTRIBUTES = 64;
