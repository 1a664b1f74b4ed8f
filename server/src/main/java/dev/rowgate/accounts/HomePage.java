package dev.rowgate.accounts;

import dev.rowgate.web.Nav;

/** Model of home.jte; nav null when nobody is signed in. */
public record HomePage(Nav nav) {}
