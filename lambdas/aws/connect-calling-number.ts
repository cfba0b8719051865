import { type ConnectClient, DescribeContactCommand } from '@aws-sdk/client-connect';

/**
 * The number a contact called from, from Amazon Connect (DescribeContact: `Contact.CustomerEndpoint`,
 * the caller's phone number for an inbound voice contact). Read only when a caller agreed to delivery
 * calls on that line, and only for the order it is stored on.
 */
export class ConnectCallingNumber {
  constructor(
    private readonly client: ConnectClient,
    private readonly instanceId: string,
  ) {}

  /** The E.164 number, or undefined when Connect has none for the contact. */
  async numberOf(contactId: string): Promise<string | undefined> {
    const out = await this.client.send(
      new DescribeContactCommand({ InstanceId: this.instanceId, ContactId: contactId }),
    );
    const endpoint = out.Contact?.CustomerEndpoint;
    const address = endpoint?.Type === 'TELEPHONE_NUMBER' ? endpoint.Address : undefined;
    return address !== undefined && /^\+[1-9]\d{6,14}$/.test(address) ? address : undefined;
  }
}
