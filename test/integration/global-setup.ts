/**
 * Vitest global setup of the integration project: one local ZeroDB server for
 * the whole run. Test files read its coordinates with
 * `inject("zerodbUrl")`, `inject("zerodbApiKey")`, `inject("zerodbProjectId")`.
 */
import type { TestProject } from "vitest/node";
import { startLocalZeroDB, type LocalZeroDB } from "../../src/local/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the shared local server, e.g. `http://127.0.0.1:54321`. */
    zerodbUrl: string;
    /** API key bound to `zerodbProjectId`. */
    zerodbApiKey: string;
    /** A project the key may use. */
    zerodbProjectId: string;
    /** A second key, bound only to `zerodbOtherProjectId` (for cross-project tests). */
    zerodbOtherApiKey: string;
    /** The project of `zerodbOtherApiKey`; `zerodbApiKey` gets 403 there. */
    zerodbOtherProjectId: string;
    /** A second server started with `localOperators: true` (accepts `$or`, `$exists`...). */
    zerodbLocalOpsUrl: string;
    /** API key of the `localOperators` server. */
    zerodbLocalOpsApiKey: string;
    /** Project of the `localOperators` server. */
    zerodbLocalOpsProjectId: string;
  }
}

let server: LocalZeroDB | undefined;
let localOps: LocalZeroDB | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startLocalZeroDB({ port: 0, host: "127.0.0.1" });
  project.provide("zerodbUrl", server.url);
  project.provide("zerodbApiKey", server.apiKey);
  project.provide("zerodbProjectId", server.projectId);
  const other = await server.createProject({ name: "Other project", bindKey: false });
  project.provide("zerodbOtherApiKey", await server.createApiKey([other.projectId]));
  project.provide("zerodbOtherProjectId", other.projectId);
  localOps = await startLocalZeroDB({ port: 0, host: "127.0.0.1", localOperators: true });
  project.provide("zerodbLocalOpsUrl", localOps.url);
  project.provide("zerodbLocalOpsApiKey", localOps.apiKey);
  project.provide("zerodbLocalOpsProjectId", localOps.projectId);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  await localOps?.stop();
  server = undefined;
  localOps = undefined;
}
