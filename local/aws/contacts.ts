/**
 * The offline stand-in for Amazon Connect's DescribeContact as the code hook uses it: the number
 * each live contact called from (`Contact.CustomerEndpoint.Address`), known while the simulator
 * runs the call. A withheld number has none, as in Connect.
 */
export class LocalContacts {
  private readonly numbers = new Map<string, string>();

  /** Registers a call's number; the returned function forgets it when the call ends. */
  register(contactId: string, customerNumber: string | undefined): () => void {
    if (customerNumber !== undefined && /^\+[1-9]\d{6,14}$/.test(customerNumber)) {
      this.numbers.set(contactId, customerNumber);
    }
    return () => this.numbers.delete(contactId);
  }

  /** The number the contact called from, when Connect would report one. */
  async numberOf(contactId: string): Promise<string | undefined> {
    return this.numbers.get(contactId);
  }
}
