/** Transitional path: the caller HMAC key is a {@link BoundSecret} in the data stack. */
export { BoundSecret as CallerHmacKey } from '../secrets/bound-secret';

/** Environment variable that carries the caller HMAC secret's ARN to a function. */
export const CALLER_HMAC_SECRET_ENV = 'CALLER_HMAC_SECRET_ARN';
