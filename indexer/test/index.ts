export * from "./databases.js";
export * from "./deals.js";
