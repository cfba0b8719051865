import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PaymentGatewaySettings } from '../contracts/env/payment';
import { DisabledGateway } from '../core/payment/disabled-gateway';
import type { PaymentGateway } from '../core/payment/gateway';
import { SandboxGateway } from '../core/payment/sandbox-gateway';
import { logger } from '../edge/powertools';
import { stripeGatewayFromSecret } from './stripe-gateway';

/**
 * The gateway the payment function charges through (and the refund function refunds through), by name (from its parsed environment): the
 * sandbox (says once per container that no money moves), Stripe with its key from Secrets Manager
 * (fetched on the first call, not here: no I/O at cold start), or the disabled gateway.
 *
 * @param secrets the Secrets Manager client for the Stripe key @default one bounded by the payment budget
 */
export function paymentGateway(
  settings: PaymentGatewaySettings,
  secrets?: SecretsManagerClient,
): PaymentGateway {
  switch (settings.name) {
    case 'sandbox':
      logger.warn('payment gateway is the sandbox: no money moves', { gateway: settings.name });
      return new SandboxGateway();
    case 'stripe':
      logger.info('payment gateway is Stripe', {
        gateway: settings.name,
        mode: settings.mode,
        moto: settings.moto,
      });
      return stripeGatewayFromSecret({
        secretArn: settings.secretArn,
        mode: settings.mode,
        moto: settings.moto,
        ...(secrets ? { client: secrets } : {}),
      });
    case 'disabled':
      logger.info('card payments are disabled: every charge is refused', { gateway: settings.name });
      return new DisabledGateway();
  }
}
