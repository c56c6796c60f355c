// Shared by the examples: use ZeroDB Cloud when ZERODB_API_KEY is set, else start the
// embedded local server. Never prints the key.
import { createClient, type ClientOptions, type ProjectScope } from "zerodb-calltime";

export interface Connection {
  scope: ProjectScope;
  where: string;
  close(): Promise<void>;
}

/** `options` are any client options besides the key and URL (hooks, timeouts...). */
export async function connect(options: Omit<ClientOptions, "apiKey" | "baseUrl"> = {}): Promise<Connection> {
  if (process.env.ZERODB_API_KEY !== undefined && process.env.ZERODB_API_KEY !== "") {
    const client = createClient(options);
    return { scope: client.project(), where: client.toJSON().baseUrl as string, close: async () => {} };
  }
  const { startLocalZeroDB } = await import("zerodb-calltime/local");
  const zdb = await startLocalZeroDB();
  const client = createClient({ ...options, apiKey: zdb.apiKey, baseUrl: zdb.url });
  return { scope: client.project(zdb.projectId), where: `local ZeroDB at ${zdb.url}`, close: () => zdb.stop() };
}
