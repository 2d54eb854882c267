/** A plugin's fake of its vendor's HTTP API, started for a contract suite and stopped after it. */
export interface VendorFake {
  baseUrl: string;
  stop(): Promise<void>;
}
