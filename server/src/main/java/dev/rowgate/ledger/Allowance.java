package dev.rowgate.ledger;

/** The two allowances of a plan (rows.md): integration rows for the apps a user authorized, API rows for personal keys. */
public enum Allowance { INTEGRATION, API }
