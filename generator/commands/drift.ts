/** `contractgen drift`: the command lives with the drift checks it runs. */
export { driftCommand } from "../drift/command.ts";
