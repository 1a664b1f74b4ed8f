package dev.rowgate.web;

/** Model of error.jte: shown to a person when Rowgate must not (or cannot) redirect back to an app. */
public record ErrorPage(String title, String message) {}
