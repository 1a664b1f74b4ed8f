package dev.rowgate.accounts;

/** Model of home.jte; email null when nobody is signed in. */
public record HomePage(String email, String csrf) {}
