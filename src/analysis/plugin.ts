// Everything the analysis workspace adds to the application: its pages and its API.
import type { FastifyPluginAsync } from "fastify";
import { codebookApiRoutes } from "./codebook/api-routes.js";
import { codebookRoutes } from "./codebook/routes.js";
import { codingApiRoutes } from "./coding/api-routes.js";
import { codingRoutes } from "./coding/routes.js";
import { workspaceRoutes } from "./workspace/routes.js";

/** Registers the workspace, codebook and coding pages and the analysis API. */
export const analysisPlugin: FastifyPluginAsync = async (app) => {
  await app.register(workspaceRoutes);
  await app.register(codebookRoutes);
  await app.register(codingRoutes);
  await app.register(codebookApiRoutes);
  await app.register(codingApiRoutes);
};
