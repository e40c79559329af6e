/** `contractgen mock`: the command lives with the mock server it runs. */
export { mockCommand } from "../mock/index.ts";
