package dev.rowgate.accounts;

import dev.rowgate.InvalidInputException;
import dev.rowgate.ledger.Plan;
import dev.rowgate.ledger.PlanStore;
import dev.rowgate.store.Database;
import dev.rowgate.store.DuplicateKeyException;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;

/** Creates accounts: checks email and password, hashes the password with Argon2id, and puts the account on a plan. */
public final class AccountRegistration {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private final Database database;
    private final AccountStore accounts;
    private final PlanStore plans;
    private final Passwords passwords;
    private final Clock clock;

    public AccountRegistration(Database database, AccountStore accounts, PlanStore plans, Passwords passwords, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param planName null for no plan ("No Subscription") */
    public Account create(String email, String password, Account.Role role, String planName) {
        String normalized = email == null ? "" : Account.normalizeEmail(email);
        if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
            throw new InvalidInputException("email: \"" + email + "\" is not an email address");
        }
        String problem = Passwords.problem(password);
        if (problem != null) throw new InvalidInputException("password: " + problem);
        String hash = passwords.hash(password); // slow on purpose: outside the transaction
        long now = clock.millis();
        return database.inTransaction(tx -> {
            Long planId = null;
            if (planName != null) {
                Plan plan = plans.findByName(tx, planName)
                        .orElseThrow(() -> new InvalidInputException("plan: no plan named \"" + planName + "\" (see: rowgate plans list)"));
                planId = plan.id();
            }
            long id;
            try {
                id = accounts.insert(tx, new Account.New(normalized, hash, role, planId, planId == null ? null : now, now));
            } catch (DuplicateKeyException e) {
                throw new InvalidInputException("email: an account with " + normalized + " exists already");
            }
            return accounts.findById(tx, id).orElseThrow();
        });
    }
}
