/**
 * PII redaction for transcripts in every language (Amazon Transcribe cannot redact zh-CN), and the
 * labelled-set metrics that prove it (compliance control C10).
 */

export {
  evaluateRedactor,
  formatEvaluation,
  type LabelledCase,
  type LabelledSpan,
  type Redactor,
  type RedactorEvaluation,
  type TypeScore,
} from './evaluate';
export { type DigitSource, type NormalisedText, normaliseSpokenDigits } from './normalise';
export { applyFindings, PII_TAGS, redact } from './redact';
export {
  type Finding,
  NUMBER_TYPES,
  PII_TYPES,
  type PiiType,
  type RedactOptions,
  type RedactResult,
} from './types';
export {
  isCalendarDate,
  isCardSchemeNumber,
  isMainlandLandline,
  isMainlandMobile,
  isMainlandNumberWithCountryCode,
  isNanpNumber,
  isPlausiblePrcId,
  isPrcPassport,
  isValidPrcIdChecksum,
  luhnCheckDigit,
  luhnValid,
  MAINLAND_MOBILE_PREFIXES,
  prcIdCheckChar,
} from './validators';
