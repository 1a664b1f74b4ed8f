package dev.rowgate.accounts;

/** A person who logs in: a user who authorizes apps, a developer, or an operator (role admin). Times in epoch ms. */
public record Account(
        long id, String email, String passwordHash, Role role, Status status,
        Long planId, Long planStartedAt, Long planEndsAt, long createdAt) {

    public enum Role { USER, ADMIN }

    public enum Status { ACTIVE, DISABLED }

    /** What a new account is made of; the store assigns the id. */
    public record New(String email, String passwordHash, Role role, Long planId, Long planStartedAt, long createdAt) {}

    /** Emails are compared case-insensitively: stored and looked up in this form. */
    public static String normalizeEmail(String email) {
        return email.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
