/** `contractgen diff`: the command lives with the contract diff it runs. */
export { diffCommand } from "../diff/command.ts";
