/** The node's REST API (docs/rest.md). */
export { startRestServer, type RestServer, type RestServerInit } from "./server.js";
export { HttpError, errorAnswer } from "./http.js";
