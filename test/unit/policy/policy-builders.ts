import { type PolicyDocument, parsePolicyDocument, type Statement } from '#shared/policy/policy-document';

/** A raw statement as a test writes it (any JSON the parser accepts). */
export type RawStatementInput = Record<string, unknown>;

/** Parses a policy made of the given raw statements (Version 2012-10-17). */
export function policyOf(...statements: RawStatementInput[]): PolicyDocument {
  return parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
}

/** Parses a one-statement policy and returns that statement. */
export function statementOf(raw: RawStatementInput): Statement {
  const [statement] = policyOf(raw).statements;
  if (statement === undefined) throw new Error('policyOf returned no statement');
  return statement;
}
