/** One broken wire rule: where in the input (`path`) and which rule, in words (`message`). */
export interface ContractIssue {
  path: (string | number)[];
  message: string;
}
