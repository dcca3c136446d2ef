package io.thinkgate.auth;

/** Tokens taken from a key's budget, and the period they were taken from (where unused ones go back to). */
public record BudgetGrant(long periodIndex, long tokens) {
}
