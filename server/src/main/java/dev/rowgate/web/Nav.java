package dev.rowgate.web;

/** The signed-in part of every page's header: who is signed in, whether the operator console is theirs, and the sign-out form's CSRF token. */
public record Nav(String email, boolean admin, String csrf) {}
