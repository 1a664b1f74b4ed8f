package dev.rowgate.accounts;

/** Model of login.jte. appName is set when an app's authorization request brought the user here. */
public record LoginPage(String csrf, String returnTo, String email, String error, String appName) {}
